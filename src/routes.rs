//! The site's paths: every page and file the generator writes itself is a
//! [`Route`], and [`Route::output_path`] is where it goes. The names that
//! content and `book.toml` cannot take (a note called `print`, a language
//! called `translations`) are derived from these routes, so a new page
//! kind added here is protected everywhere at once.

use crate::ids::Lang;

/// A page or file that the generator writes, not copied from the sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    /// The language chooser at the site root.
    Chooser,
    /// The page served for a missing path.
    NotFound,
    /// `sitemap.xml`.
    Sitemap,
    /// The translation status of every language.
    Translations,
    /// The endpoint `serve` reloads pages over (never written to disk).
    Reload,
    /// A language's home page.
    Home(&'a Lang),
    /// A language's list of topic tags.
    TagIndex(&'a Lang),
    /// One topic tag's page, by the tag's slug.
    Tag(&'a Lang, &'a str),
    /// A language's whole playbook on one page.
    Print(&'a Lang),
    /// A language's search index script.
    SearchIndex(&'a Lang),
}

impl Route<'_> {
    /// The file's path below the site root, `/`-separated.
    pub fn output_path(&self) -> String {
        match self {
            Route::Chooser => "index.html".to_string(),
            Route::NotFound => "404.html".to_string(),
            Route::Sitemap => "sitemap.xml".to_string(),
            Route::Translations => "translations/index.html".to_string(),
            Route::Reload => "__playbook/reload".to_string(),
            Route::Home(lang) => format!("{lang}/index.html"),
            Route::TagIndex(lang) => format!("{lang}/tags/index.html"),
            Route::Tag(lang, slug) => format!("{lang}/tags/{slug}/index.html"),
            Route::Print(lang) => format!("{lang}/print/index.html"),
            Route::SearchIndex(lang) => format!("{lang}/search-index.js"),
        }
    }

    /// The routes of one language that do not depend on its content.
    fn of_language(lang: &Lang) -> [Route<'_>; 4] {
        [
            Route::Home(lang),
            Route::TagIndex(lang),
            Route::Print(lang),
            Route::SearchIndex(lang),
        ]
    }
}

/// The routes outside every language folder.
const SITE_LEVEL: [Route<'static>; 5] = [
    Route::Chooser,
    Route::NotFound,
    Route::Sitemap,
    Route::Translations,
    Route::Reload,
];

/// The first segment of a path.
fn first_segment(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// Names at the site root that the generator uses, so no language folder
/// may have one: `translations`, `sitemap.xml`, ...
pub fn site_names() -> Vec<String> {
    let mut names: Vec<String> = SITE_LEVEL
        .iter()
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
    tag_slugs: &'a [String],
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
        Route::Translations => "the translations page".into(),
        Route::Reload => "the reload endpoint of `serve`".into(),
        Route::Home(lang) => format!("the {lang} home page"),
        Route::TagIndex(lang) => format!("the {lang} list of tags"),
        Route::Tag(lang, slug) => format!("the {lang} page of the tag `{slug}`"),
        Route::Print(lang) => format!("the {lang} print page"),
        Route::SearchIndex(lang) => format!("the {lang} search index"),
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
                "translations",
                "__playbook"
            ]
        );
        assert_eq!(language_names(), ["tags", "print", "search-index.js"]);
    }

    #[test]
    fn generated_files_cover_every_language_and_tag() {
        let languages = [Lang::new("en").unwrap(), Lang::new("de").unwrap()];
        let slugs = ["email".to_string()];
        let files: Vec<String> = generated_files(&languages, &slugs)
            .map(|(path, _)| path)
            .collect();
        for path in [
            "404.html",
            "translations/index.html",
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
