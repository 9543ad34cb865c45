//! The site's paths: every page and file the generator writes itself is a
//! [`Route`], and [`Route::output_path`] is where it goes. The names that
//! content and `book.toml` cannot take (a note called `print`, a language
//! called `translations`) are derived from these routes, so a new page
//! kind added here is protected everywhere at once. Links between pages
//! are made here too ([`Route::href`]), so no template or page context
//! formats a path.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::ids::Lang;

/// A page or file of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    /// The language chooser at the site root.
    Chooser,
    /// The page served for a missing path.
    NotFound,
    /// `sitemap.xml`.
    Sitemap,
    /// The site's icon, drawn in the accent colour.
    Favicon,
    /// The endpoint `serve` reloads pages over (never written to disk).
    Reload,
    /// A language's home page.
    Home(&'a Lang),
    /// A language's list of topic tags.
    TagIndex(&'a Lang),
    /// One topic tag's page, by the tag's slug.
    Tag(&'a Lang, &'a str),
    /// A language's whole playbook on one page, or the index of its
    /// print editions by strategy when it is too large for one.
    Print(&'a Lang),
    /// One strategy's print edition (its tactics with it), by its id.
    PrintPart(&'a Lang, &'a str),
    /// The translation status of every note, in one language's site.
    Translations(&'a Lang),
    /// How to add and change notes, for the playbook's editors.
    Editors(&'a Lang),
    /// A language's search index script.
    SearchIndex(&'a Lang),
    /// A note's page, by its folder (`en/channels/ads/`), which the model
    /// makes from the note's language, folder and slug.
    Note(&'a str),
    /// A file of the theme's `static/` folder (`assets/style.css`).
    Asset(&'a str),
    /// A file copied from `static/` or a language folder, by its path.
    Copied(&'a str),
}

/// Characters percent-encoded in a URL path segment: everything that is not
/// safe in a path, and every non-ASCII byte (the readable form stays on disk).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'\'');

/// Percent-encodes a site path segment by segment.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes a heading anchor for a link's `#` part.
pub fn encode_fragment(anchor: &str) -> String {
    utf8_percent_encode(anchor, SEGMENT).to_string()
}

/// Where a page's links start from.
#[derive(Clone, Copy, Debug)]
pub enum LinkFrom<'a> {
    /// A page at its route: links are relative, so the site works from
    /// `file://` and below any folder.
    Page(Route<'a>),
    /// A page served at any depth (the not-found page): links are
    /// absolute below this base, the site's address or `/`.
    Anywhere(&'a str),
}

impl LinkFrom<'_> {
    /// The link to `to`.
    pub fn href(&self, to: &Route<'_>) -> String {
        match self {
            LinkFrom::Page(from) => from.href(to),
            LinkFrom::Anywhere(base) => to.url(base),
        }
    }

    /// The site root, as a prefix for paths the browser joins to it.
    pub fn to_root(&self) -> String {
        match self {
            LinkFrom::Page(from) => from.to_root(),
            LinkFrom::Anywhere(base) => base.to_string(),
        }
    }
}

/// The theme's stylesheet, which every page links.
pub const STYLESHEET: Route<'static> = Route::Asset("assets/style.css");
/// The theme's search script, loaded on first use of the search box.
pub const SEARCH_SCRIPT: Route<'static> = Route::Asset("assets/search.js");
/// The theme's script for the menu, the table of contents and the colour
/// scheme, which every page loads deferred.
pub const SITE_SCRIPT: Route<'static> = Route::Asset("assets/site.js");

impl<'a> Route<'a> {
    /// The path a link names, below the site root and not encoded: a
    /// page's folder (`en/tags/`, empty for the root), or a file's path.
    pub fn url_path(&self) -> Cow<'a, str> {
        match *self {
            Route::Chooser => Cow::Borrowed(""),
            Route::NotFound => Cow::Borrowed("404.html"),
            Route::Sitemap => Cow::Borrowed("sitemap.xml"),
            Route::Favicon => Cow::Borrowed("favicon.svg"),
            Route::Reload => Cow::Borrowed("__playbook/reload"),
            Route::Home(lang) => Cow::Owned(format!("{lang}/")),
            Route::TagIndex(lang) => Cow::Owned(format!("{lang}/tags/")),
            Route::Tag(lang, slug) => Cow::Owned(format!("{lang}/tags/{slug}/")),
            Route::Print(lang) => Cow::Owned(format!("{lang}/print/")),
            Route::PrintPart(lang, id) => Cow::Owned(format!("{lang}/print/{id}/")),
            Route::Translations(lang) => Cow::Owned(format!("{lang}/translations/")),
            Route::Editors(lang) => Cow::Owned(format!("{lang}/editors/")),
            Route::SearchIndex(lang) => Cow::Owned(format!("{lang}/search-index.js")),
            Route::Note(folder) => Cow::Borrowed(folder),
            Route::Asset(path) | Route::Copied(path) => Cow::Borrowed(path),
        }
    }

    /// Whether the route is a page in a folder of its own, written as
    /// that folder's `index.html`.
    fn is_folder(path: &str) -> bool {
        path.is_empty() || path.ends_with('/')
    }

    /// The file's path below the site root, `/`-separated.
    pub fn output_path(&self) -> String {
        let path = self.url_path();
        if Self::is_folder(&path) {
            format!("{path}index.html")
        } else {
            path.into_owned()
        }
    }

    /// How many folders below the site root the route's file is.
    fn depth(&self) -> usize {
        match *self {
            Route::Chooser | Route::NotFound | Route::Sitemap | Route::Favicon => 0,
            Route::Reload | Route::Home(_) | Route::SearchIndex(_) => 1,
            Route::TagIndex(_) | Route::Print(_) | Route::Translations(_) | Route::Editors(_) => 2,
            Route::Tag(..) => 3,
            Route::PrintPart(_, id) => 3 + id.matches('/').count(),
            Route::Note(path) | Route::Asset(path) | Route::Copied(path) => {
                path.matches('/').count()
            }
        }
    }

    /// The relative path from this page up to the site root (`../../`).
    pub fn to_root(&self) -> String {
        "../".repeat(self.depth())
    }

    /// A relative link from this page to `to`, percent-encoded. A folder
    /// gets `index.html`, so that links work from `file://` too.
    pub fn href(&self, to: &Route<'_>) -> String {
        let target = to.url_path();
        let mut out = self.to_root();
        out.push_str(&encode_path(&target));
        if Self::is_folder(&target) {
            out.push_str("index.html");
        }
        out
    }

    /// The link to this route from a page at any depth, below `base` (the
    /// site's address, or `/`): for the not-found page and the sitemap.
    pub fn url(&self, base: &str) -> String {
        format!("{base}{}", encode_path(&self.url_path()))
    }

    /// The language of a page that is one per language.
    pub fn lang(&self) -> Option<&'a Lang> {
        match *self {
            Route::Home(lang)
            | Route::TagIndex(lang)
            | Route::Tag(lang, _)
            | Route::Print(lang)
            | Route::PrintPart(lang, _)
            | Route::Translations(lang)
            | Route::Editors(lang)
            | Route::SearchIndex(lang) => Some(lang),
            _ => None,
        }
    }

    /// The same page in another language, for the language switcher and
    /// the sitemap's alternates; `None` for a page that is not one per
    /// language (a note's translations are the model's to find).
    pub fn in_language<'b>(&self, lang: &'b Lang) -> Option<Route<'b>>
    where
        'a: 'b,
    {
        match *self {
            Route::Home(_) => Some(Route::Home(lang)),
            Route::TagIndex(_) => Some(Route::TagIndex(lang)),
            Route::Tag(_, slug) => Some(Route::Tag(lang, slug)),
            Route::Print(_) => Some(Route::Print(lang)),
            Route::Translations(_) => Some(Route::Translations(lang)),
            Route::Editors(_) => Some(Route::Editors(lang)),
            Route::SearchIndex(_) => Some(Route::SearchIndex(lang)),
            _ => None,
        }
    }

    /// The routes of one language that do not depend on its content.
    fn of_language(lang: &Lang) -> [Route<'_>; 6] {
        [
            Route::Home(lang),
            Route::TagIndex(lang),
            Route::Print(lang),
            Route::Translations(lang),
            Route::Editors(lang),
            Route::SearchIndex(lang),
        ]
    }
}

/// The folder of a note's page (`en/channels/ads/`): its language, the
/// folder of its file below the language's folder (`channels`, or empty),
/// and its slug.
pub fn note_folder(lang: &Lang, dir: &str, slug: &str) -> String {
    if dir.is_empty() {
        format!("{lang}/{slug}/")
    } else {
        format!("{lang}/{dir}/{slug}/")
    }
}

/// The site path of a file copied from a language's content folder, by
/// its path below that folder.
pub fn language_file(lang: &Lang, path: &str) -> String {
    format!("{lang}/{path}")
}

/// The routes outside every language folder.
const SITE_LEVEL: [Route<'static>; 5] = [
    Route::Chooser,
    Route::NotFound,
    Route::Sitemap,
    Route::Favicon,
    Route::Reload,
];

/// The first segment of a path.
fn first_segment(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// Names at the site root that the generator uses, so no language folder
/// may have one: `sitemap.xml`, the theme's `assets`, ...
pub fn site_names() -> Vec<String> {
    let mut names: Vec<String> = SITE_LEVEL
        .iter()
        .chain([&STYLESHEET])
        .map(|r| first_segment(&r.output_path()).to_string())
        .collect();
    names.dedup();
    names
}

/// Names directly in a language folder that the generator uses for its
/// own pages (`tags`, `print`, `search-index.js`), so no note's page may
/// take one. The home page's `index.html` is not among them: a note's
/// page is a folder, and that clash is a file against a folder.
pub fn language_names() -> Vec<String> {
    let lang = Lang::new("xx").expect("a valid code");
    Route::of_language(&lang)
        .iter()
        .filter(|r| !matches!(r, Route::Home(_)))
        .map(|r| {
            let path = r.output_path();
            first_segment(&path[lang.as_str().len() + 1..]).to_string()
        })
        .collect()
}

/// Every file the generator writes for `languages` whose topic tags have
/// these slugs, with what it is (for messages).
pub fn generated_files<'a>(
    languages: &'a [Lang],
    tag_slugs: &'a [&'a str],
) -> impl Iterator<Item = (String, String)> + 'a {
    let site = SITE_LEVEL
        .iter()
        .filter(|r| **r != Route::Reload)
        .map(|r| (r.output_path(), describe(r)));
    let per_language = languages.iter().flat_map(move |lang| {
        Route::of_language(lang)
            .into_iter()
            .chain(tag_slugs.iter().map(move |slug| Route::Tag(lang, slug)))
            .map(|r| (r.output_path(), describe(&r)))
    });
    site.chain(per_language)
}

/// What a route is, as a message names it.
fn describe(route: &Route) -> String {
    match route {
        Route::Chooser => "the language chooser".into(),
        Route::NotFound => "the not-found page".into(),
        Route::Sitemap => "the sitemap".into(),
        Route::Favicon => "the favicon".into(),
        Route::Reload => "the reload endpoint of `serve`".into(),
        Route::Home(lang) => format!("the {lang} home page"),
        Route::TagIndex(lang) => format!("the {lang} list of tags"),
        Route::Tag(lang, slug) => format!("the {lang} page of the tag `{slug}`"),
        Route::Print(lang) => format!("the {lang} print page"),
        Route::PrintPart(lang, id) => format!("the {lang} print edition of `{id}`"),
        Route::Translations(lang) => format!("the {lang} translations page"),
        Route::Editors(lang) => format!("the {lang} page for editors"),
        Route::SearchIndex(lang) => format!("the {lang} search index"),
        Route::Note(folder) => format!("the page of the note at `/{folder}`"),
        Route::Asset(path) => format!("the theme's `{path}`"),
        Route::Copied(path) => format!("the file copied to `/{path}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_come_from_the_routes() {
        assert_eq!(
            site_names(),
            [
                "index.html",
                "404.html",
                "sitemap.xml",
                "favicon.svg",
                "__playbook",
                "assets"
            ]
        );
        assert_eq!(
            language_names(),
            [
                "tags",
                "print",
                "translations",
                "editors",
                "search-index.js"
            ]
        );
    }

    #[test]
    fn hrefs_are_relative_encoded_and_end_in_index_html() {
        let en = Lang::new("en").unwrap();
        let de = Lang::new("de").unwrap();
        let note = Route::Note("en/channels/ads/");
        assert_eq!(
            note.href(&Route::Note("en/pricing/")),
            "../../../en/pricing/index.html"
        );
        assert_eq!(Route::Chooser.href(&Route::Home(&de)), "de/index.html");
        assert_eq!(Route::Home(&en).href(&Route::Chooser), "../index.html");
        assert_eq!(
            Route::Tag(&en, "e").href(&STYLESHEET),
            "../../../assets/style.css"
        );
        assert_eq!(
            Route::Home(&en).href(&Route::Note("en/préço #1/")),
            "../en/pr%C3%A9%C3%A7o%20%231/index.html"
        );
        assert_eq!(
            Route::Translations(&de).href(&Route::SearchIndex(&de)),
            "../../de/search-index.js"
        );
        assert_eq!(Route::TagIndex(&en).url("/"), "/en/tags/");
        assert_eq!(
            Route::Tag(&en, "e").in_language(&de),
            Some(Route::Tag(&de, "e"))
        );
        assert_eq!(note.in_language(&de), None);
        assert_eq!(note.output_path(), "en/channels/ads/index.html");
        assert_eq!(
            LinkFrom::Anywhere("/").href(&Route::Tag(&de, "e")),
            "/de/tags/e/"
        );
        for route in [
            Route::Chooser,
            Route::Sitemap,
            Route::Translations(&de),
            Route::Reload,
            Route::Home(&en),
            Route::TagIndex(&en),
            Route::Tag(&en, "e"),
            Route::Print(&en),
            Route::PrintPart(&en, "channels/ads"),
            Route::SearchIndex(&en),
            note,
            STYLESHEET,
        ] {
            let slashes = route.output_path().matches('/').count();
            assert_eq!(route.depth(), slashes, "{route:?}");
        }
        assert_eq!(STYLESHEET.output_path(), "assets/style.css");
    }

    #[test]
    fn generated_files_cover_every_language_and_tag() {
        let languages = [Lang::new("en").unwrap(), Lang::new("de").unwrap()];
        let slugs = ["email"];
        let files: Vec<String> = generated_files(&languages, &slugs)
            .map(|(path, _)| path)
            .collect();
        for path in [
            "404.html",
            "de/translations/index.html",
            "de/index.html",
            "de/tags/email/index.html",
            "en/search-index.js",
            "en/print/index.html",
        ] {
            assert!(files.iter().any(|f| f == path), "{path} missing: {files:?}");
        }
        assert!(!files.iter().any(|f| f.starts_with("__playbook")));
    }
}
