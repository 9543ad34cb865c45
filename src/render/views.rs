//! The typed, borrowed contexts templates get, one per page kind and
//! part; templates read them and decide nothing about what a note is.

use super::*;

/// A link to a note as shown in lists and "Governed by".
#[derive(Serialize)]
pub(super) struct NoteLink<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) summary: &'a str,
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
    pub(super) stylesheet: String,
    /// The language's search index and the search script, loaded on the
    /// first use of the search box.
    pub(super) search_index: String,
    pub(super) search_script: String,
    pub(super) t: &'a BTreeMap<String, String>,
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
    pub(super) content: String,
    pub(super) draft: bool,
    /// The language of the title and body when the page's language lacks
    /// the note, and the notice saying so in the page's language.
    pub(super) lang: Option<&'a str>,
    pub(super) untranslated: Option<String>,
}

#[derive(Serialize)]
pub(super) struct StrategyPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) note: NoteView<'a>,
    pub(super) tactics: Vec<NoteLink<'a>>,
    pub(super) pager: Pager<'a>,
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
    pub(super) intro_title: Option<&'a str>,
    pub(super) intro: String,
    /// The strategies with their tactics nested, numbered.
    pub(super) contents: Vec<ContentsEntry<'a>>,
    // And `sections`: each a `PrintSection`, made in parallel.
}

#[derive(Serialize)]
pub(super) struct ContentsEntry<'a> {
    pub(super) number: &'a str,
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
    pub(super) is_strategy: bool,
    pub(super) cells: Vec<TranslationCell<'a>>,
}

#[derive(Serialize)]
pub(super) struct LanguageColumn<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct TranslationsPage<'a> {
    pub(super) layout: Layout<'a>,
    pub(super) columns: Vec<LanguageColumn<'a>>,
    pub(super) rows: Vec<TranslationRow<'a>>,
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
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct SitemapUrl {
    pub(super) loc: String,
    pub(super) alternates: Vec<Alternate>,
}

#[derive(Serialize)]
pub(super) struct SitemapPage {
    pub(super) urls: Vec<SitemapUrl>,
}
