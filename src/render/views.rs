//! The typed, borrowed contexts templates get, one per page kind and
//! part; templates read them and decide nothing about what a note is.

use super::*;

/// A link to a note as shown in lists and "Governed by".
#[derive(Serialize)]
pub(super) struct NoteLink<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) summary: &'a str,
    /// The metrics of the version shown.
    pub(super) metrics: &'a [String],
    pub(super) is_strategy: bool,
    /// Set when the linked version is in another language than the page.
    pub(super) lang: Option<&'a str>,
    pub(super) lang_name: Option<&'a str>,
    /// Set when the link leads into another language's site.
    pub(super) hreflang: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Link<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    /// Set when the title is in another language than the page.
    pub(super) lang: Option<&'a str>,
    /// Set when the link leads into another language's site.
    pub(super) hreflang: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SwitchLink<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    pub(super) href: Option<String>,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct TagLink<'a> {
    pub(super) name: &'a str,
    pub(super) href: String,
    pub(super) count: usize,
}

/// What every page has.
#[derive(Serialize)]
pub(super) struct Layout<'a> {
    pub(super) lang: &'a str,
    pub(super) site_title: &'a str,
    pub(super) description: Option<&'a str>,
    /// The page's own `<meta name="description">`: a note's summary, else
    /// the site description.
    pub(super) meta_description: Option<&'a str>,
    pub(super) page_title: String,
    /// The language of `page_title` when it is not the page's.
    pub(super) page_title_lang: Option<&'a str>,
    pub(super) root: String,
    pub(super) home: String,
    /// The strategy map on the home page.
    pub(super) map_href: String,
    pub(super) tags_href: String,
    pub(super) print_href: String,
    pub(super) translations_href: String,
    pub(super) editors_href: String,
    pub(super) stylesheet: String,
    pub(super) favicon: String,
    pub(super) logo: Option<Logo>,
    /// The theme variables `[build] accent` sets, as a CSS rule.
    pub(super) accent_css: Option<String>,
    /// The language's search index and the search script, loaded on the
    /// first use of the search box.
    pub(super) search_index: String,
    pub(super) search_script: String,
    pub(super) site_script: String,
    // And `t`, the UI strings, added to the context as one value that
    // every page shares (`Site::share_strings`): copying a hundred
    // strings into each page's context cost a tenth of a build.
    pub(super) languages: Vec<SwitchLink<'a>>,
    pub(super) breadcrumb: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub(super) struct NoteView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) tags: Vec<TagLink<'a>>,
    pub(super) metrics: &'a [String],
    pub(super) owner: Option<&'a str>,
    /// The day of the last commit that changed the note's file.
    pub(super) updated: Option<DateView>,
    /// "Edit this page": the note's file on the team's git host.
    pub(super) edit_href: Option<String>,
    pub(super) content: String,
    pub(super) draft: bool,
    /// The language of the title and body when the page's language lacks
    /// the note, and the notice saying so in the page's language.
    pub(super) lang: Option<&'a str>,
    pub(super) untranslated: Option<String>,
}

/// A day: as `datetime` wants it, and as the page's readers write it.
#[derive(Serialize)]
pub(super) struct DateView {
    pub(super) iso: String,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct StrategyPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) note: NoteView<'a>,
    pub(super) tactics: Vec<NoteLink<'a>>,
    pub(super) pager: Pager<'a>,
    /// The navigation beside the note, as HTML.
    pub(super) sidebar: String,
    pub(super) toc: Toc<'a>,
    /// Its own print edition, when the playbook is printed by strategy.
    pub(super) print_href: Option<String>,
}

/// The notes before and after a note in reading order.
#[derive(Serialize)]
pub(super) struct Pager<'a> {
    pub(super) prev: Option<Link<'a>>,
    pub(super) next: Option<Link<'a>>,
}

#[derive(Serialize)]
pub(super) struct TacticPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) note: NoteView<'a>,
    pub(super) governed_by: NoteLink<'a>,
    pub(super) pager: Pager<'a>,
    /// The navigation beside the note, as HTML.
    pub(super) sidebar: String,
    pub(super) toc: Toc<'a>,
}

/// The navigation beside a note: the strategies near it in reading order,
/// and under its own strategy that strategy's tactics. Rendered alone
/// (`partials/sidebar.html`), once for the pages that share it.
#[derive(Serialize)]
pub(super) struct SidebarPart<'a> {
    pub(super) layout: SidebarLayout<'a>,
    pub(super) sidebar: Sidebar<'a>,
}

/// What the sidebar needs of a page's layout.
#[derive(Serialize)]
pub(super) struct SidebarLayout<'a> {
    /// Its UI strings are added as on [`Layout`].
    pub(super) lang: &'a str,
    pub(super) map_href: String,
}

#[derive(Serialize)]
pub(super) struct Sidebar<'a> {
    pub(super) strategies: Vec<SidebarEntry<'a>>,
    /// Strategies are left out before or after these: the list links to
    /// the strategy map for the rest.
    pub(super) more_before: bool,
    pub(super) more_after: bool,
}

#[derive(Serialize)]
pub(super) struct SidebarEntry<'a> {
    pub(super) link: SidebarLink<'a>,
    /// The tactics, for the page's own strategy only.
    pub(super) tactics: Vec<SidebarLink<'a>>,
}

/// A link in the sidebar: a [`Link`] whose `lang` and `hreflang` are left
/// out when unset, which keeps the values the template reads small.
#[derive(Serialize)]
pub(super) struct SidebarLink<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hreflang: Option<&'a str>,
}

/// "On this page": the note's `##` and `###` headings.
#[derive(Serialize)]
pub(super) struct Toc<'a> {
    /// The language of the headings when it is not the page's.
    pub(super) lang: Option<&'a str>,
    pub(super) entries: Vec<TocEntry<'a>>,
}

#[derive(Serialize)]
pub(super) struct TocEntry<'a> {
    pub(super) href: String,
    pub(super) text: &'a str,
    /// 2 or 3.
    pub(super) level: u8,
}

/// One strategy node of the home page's map and the tactics hanging from it.
#[derive(Serialize)]
pub(super) struct MapEntry<'a> {
    pub(super) strategy: NoteLink<'a>,
    pub(super) tactics: Vec<NoteLink<'a>>,
    /// The node's badge: how many tactics, or that there are none yet.
    pub(super) count: String,
    /// No tactic serves the strategy: the map marks it as a gap.
    pub(super) empty: bool,
}

#[derive(Serialize)]
pub(super) struct HomePage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) intro_title: Option<&'a str>,
    pub(super) intro: String,
    pub(super) map: Vec<MapEntry<'a>>,
    /// Some strategy has no tactic: the legend explains how that looks.
    pub(super) has_empty: bool,
}

#[derive(Serialize)]
pub(super) struct TagIndexPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct TagPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) tag: &'a str,
    pub(super) notes: Vec<NoteLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct PrintSection<'a> {
    pub(super) anchor: String,
    /// `1`, `1.2`: the strategy's, then the tactic's place.
    pub(super) number: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) is_strategy: bool,
    pub(super) governed_by: Option<Link<'a>>,
    pub(super) metrics: &'a [String],
    pub(super) owner: Option<&'a str>,
    pub(super) content: String,
}

#[derive(Serialize)]
pub(super) struct PrintPage<'a> {
    pub(super) layout: Layout<'a>,
    /// The playbook's title, or the strategy's for one strategy's edition.
    pub(super) title: &'a str,
    pub(super) intro_title: Option<&'a str>,
    pub(super) intro: String,
    /// The strategy map, linked to the sections.
    pub(super) map: Vec<MapEntry<'a>>,
    pub(super) has_empty: bool,
    /// The strategies with their tactics nested, numbered.
    pub(super) contents: Vec<ContentsEntry<'a>>,
    // And `sections`: each a `PrintSection`, made in parallel.
}

/// The print page of a playbook printed by strategy.
#[derive(Serialize)]
pub(super) struct PrintIndexPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) title: &'a str,
    pub(super) parts: Vec<PrintPartLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct PrintPartLink<'a> {
    pub(super) number: &'a str,
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) tactics: usize,
}

#[derive(Serialize)]
pub(super) struct ContentsEntry<'a> {
    pub(super) number: String,
    pub(super) title: &'a str,
    pub(super) anchor: String,
    pub(super) tactics: Vec<ContentsEntry<'a>>,
}

#[derive(Serialize)]
pub(super) struct TranslationCell<'a> {
    pub(super) lang: &'a str,
    pub(super) href: Option<String>,
    pub(super) title: Option<&'a str>,
    /// `source`, `current`, `stale`, `unmarked` or `missing`: also the UI
    /// string key that names the state.
    pub(super) state: &'static str,
}

#[derive(Serialize)]
pub(super) struct TranslationRow<'a> {
    pub(super) id: &'a str,
    /// The note's title for readers of the page's language, and its
    /// language when that is another.
    pub(super) title: &'a str,
    pub(super) title_lang: Option<&'a str>,
    pub(super) is_strategy: bool,
    pub(super) cells: Vec<TranslationCell<'a>>,
}

/// A strategy and its tactics (or a tactic whose strategy is elsewhere).
#[derive(Serialize)]
pub(super) struct TranslationGroup<'a> {
    pub(super) rows: Vec<TranslationRow<'a>>,
}

/// How far one language's translation is.
#[derive(Serialize)]
pub(super) struct LanguageSummary<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    /// Notes written in the language, of `total`.
    pub(super) written: usize,
    pub(super) total: usize,
    pub(super) percent: usize,
    pub(super) stale: usize,
    pub(super) unmarked: usize,
    pub(super) missing: usize,
}

#[derive(Serialize)]
pub(super) struct TranslationsPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) summaries: Vec<LanguageSummary<'a>>,
    pub(super) groups: Vec<TranslationGroup<'a>>,
}

/// The page for editors: how to add a note, and the ids to use.
#[derive(Serialize)]
pub(super) struct EditorsPage<'a> {
    pub(super) layout: Layout<'a>,
    /// The steps, as HTML: `code` in the strings becomes `<code>`.
    pub(super) steps: Vec<String>,
    /// A `playbook new` line for a tactic of this playbook.
    pub(super) example: String,
    /// The folder of this language's notes.
    pub(super) folder: String,
    pub(super) strategies: Vec<EditorsStrategy<'a>>,
    pub(super) commands: Vec<EditorsCommand>,
}

#[derive(Serialize)]
pub(super) struct EditorsStrategy<'a> {
    pub(super) link: Link<'a>,
    pub(super) id: &'a str,
    /// The file in this language, or `None` if it is not translated.
    pub(super) file: Option<&'a str>,
    pub(super) tactics: usize,
}

#[derive(Serialize)]
pub(super) struct EditorsCommand {
    pub(super) command: String,
    /// As HTML, like the steps.
    pub(super) what: String,
}

#[derive(Serialize)]
pub(super) struct ChooserEntry<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    pub(super) title: &'a str,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct ChooserPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) choices: Vec<ChooserEntry<'a>>,
    pub(super) default_language: &'a str,
}

#[derive(Serialize)]
pub(super) struct NotFoundPage<'a> {
    pub(super) layout: Layout<'a>,
    /// The theme's stylesheet, inline: a link to it would have to know
    /// where the site's root is.
    pub(super) stylesheet: String,
    /// `site-url`, or `/`.
    pub(super) base: &'a str,
    /// The default language's home below the root.
    pub(super) home_path: String,
    pub(super) languages: Vec<NotFoundLanguage<'a>>,
    /// `languages` as JSON, for the script.
    pub(super) strings: String,
}

/// What the not-found page says and links in one language.
#[derive(Serialize)]
pub(super) struct NotFoundLanguage<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    /// The language's home from anywhere (below `site-url` or `/`).
    pub(super) href: String,
    /// The same below the site's root (`de/index.html`).
    pub(super) path: String,
    pub(super) site_title: &'a str,
    pub(super) heading: &'a str,
    pub(super) text: &'a str,
}

#[derive(Serialize)]
pub(super) struct FaviconPage {
    /// `#rrggbb`.
    pub(super) accent: String,
}

/// `[build] logo`, beside the site's title.
#[derive(Serialize)]
pub(super) struct Logo {
    pub(super) src: String,
    pub(super) size: Option<(u32, u32)>,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct SitemapUrl {
    pub(super) loc: String,
    /// The day its file last changed in git, for a note's page.
    pub(super) lastmod: Option<String>,
    pub(super) alternates: Vec<Alternate>,
}

#[derive(Serialize)]
pub(super) struct SitemapPage {
    pub(super) urls: Vec<SitemapUrl>,
}
