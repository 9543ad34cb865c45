//! New files for authors: `playbook new` (one note with valid front
//! matter) and `playbook init` (a minimal playbook to start from). Both
//! refuse to overwrite anything.

use std::path::{Path, PathBuf};

use toml_edit::{Array, Value};

use crate::codes;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{self, Newline};
use crate::ids::NoteId;
use crate::model::{Playbook, Role};
use crate::translations::{body_hash, set_translated_from};

/// Why nothing was written.
#[derive(Debug)]
pub struct ScaffoldError(pub String);

impl ScaffoldError {
    /// The error as `new` and `init` report it.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(codes::NEW_NOTE, self.0.clone())
    }
}

/// What `playbook new` is asked for.
#[derive(Clone, Debug)]
pub struct NewNote {
    /// The note id (`channels/seo`).
    pub id: String,
    /// `Some(None)` for `--upstream`, `Some(Some(strategy))` for
    /// `--downstream --strategy`, `None` when neither was given.
    pub role: Option<Option<String>>,
    /// The language; the default language when `None`.
    pub lang: Option<String>,
    /// The title; derived from the id when `None`.
    pub title: Option<String>,
}

/// `channels/linkedin-ads` -> `Linkedin ads`.
fn title_from_id(id: &NoteId) -> String {
    let last = id.file_stem().replace(['-', '_'], " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => last,
    }
}

const STRATEGY_BODY: &str = "What this strategy decides, in two or three sentences.

## The decision {#decision}

## Questions it must answer {#questions}

- 

## Who owns it {#ownership}

## How we measure it {#metrics}

## How and when we revisit it {#review}
";

const TACTIC_BODY: &str = "What this tactic does, in two or three sentences.

## Goal {#goal}

## Audience {#audience}

## Steps {#steps}

1. 

## Metrics {#metrics}

## Pitfalls {#pitfalls}
";

/// Writes a new note and returns its path relative to the root.
pub fn new_note(
    root: &Path,
    playbook: &Playbook,
    request: &NewNote,
) -> Result<String, ScaffoldError> {
    let err = |msg: String| Err(ScaffoldError(msg));
    // A title is one line: a line break could carry a `+++` that closes
    // the front matter early.
    if let Some(bad) = request
        .title
        .as_deref()
        .and_then(|t| t.chars().find(|c| c.is_control()))
    {
        return err(format!(
            "--title holds the control character U+{:04X}; a title is one line of text",
            u32::from(bad)
        ));
    }
    let id = match NoteId::new(request.id.trim_end_matches(".md")) {
        Ok(id) => id,
        Err(msg) => return err(format!("`{}` is not a note id: {msg}", request.id)),
    };
    let lang = match &request.lang {
        None => playbook.default_language,
        Some(code) => match playbook.languages.iter().find(|l| l.as_str() == code) {
            Some(l) => *l,
            None => return err(format!("`{code}` is not a language of this playbook")),
        },
    };
    let file = format!("content/{lang}/{id}.md");
    let path = root.join(&file);
    if path.symlink_metadata().is_ok() {
        return err(format!(
            "{file} already exists; playbook new never overwrites a note"
        ));
    }
    let source = playbook
        .notes
        .get(&id)
        .and_then(|n| n.versions.get(&playbook.default_language).map(|v| (n, v)));
    let text = match source {
        // A translation: it inherits the structure, and records the body it
        // starts from.
        Some((note, version)) if lang != playbook.default_language => {
            let wanted = match &note.role {
                Role::Strategy => None,
                Role::Tactic { strategy } => Some(strategy.to_string()),
            };
            if let Some(role) = &request.role
                && *role != wanted
            {
                return err(format!(
                    "`{id}` already exists in {} with another role or strategy; a translation inherits them, so leave out --upstream/--downstream",
                    playbook.default_language
                ));
            }
            let title = request
                .title
                .clone()
                .unwrap_or_else(|| version.title.clone());
            // The translation starts as a copy of the source, in its line
            // endings.
            let newline = Newline::of(&version.source.text);
            let body = format!("\n{}", version.source.body().trim_start());
            front_matter::compose(
                vec![
                    ("title", title.into()),
                    ("summary", "".into()),
                    ("metrics", Array::new().into()),
                    ("translated-from", body_hash(version.source.body()).into()),
                ],
                &newline.apply(&body),
                newline,
            )
        }
        _ => {
            let Some(role) = &request.role else {
                return err(
                    "say what the note is: --upstream for a strategy, or --downstream --strategy ID for a tactic"
                        .into(),
                );
            };
            let title = request.title.clone().unwrap_or_else(|| title_from_id(&id));
            let mut keys: Vec<(&str, Value)> = vec![("title", title.into())];
            let body = match role {
                None => {
                    keys.push(("tags", Value::from_iter(["upstream"])));
                    STRATEGY_BODY
                }
                Some(strategy) => {
                    check_strategy(playbook, strategy)?;
                    keys.push(("tags", Value::from_iter(["downstream"])));
                    keys.push(("strategy", strategy.as_str().into()));
                    TACTIC_BODY
                }
            };
            keys.push(("summary", "".into()));
            keys.push(("metrics", Array::new().into()));
            front_matter::compose(keys, &format!("\n{body}"), Newline::Lf)
        }
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| ScaffoldError(format!("cannot create {}: {e}", parent.display())))?;
    }
    write_new(&path, &text).map_err(|e| ScaffoldError(format!("cannot write {file}: {e}")))?;
    Ok(file)
}

fn check_strategy(playbook: &Playbook, strategy: &str) -> Result<(), ScaffoldError> {
    let found = NoteId::new(strategy)
        .ok()
        .and_then(|id| playbook.notes.get(&id));
    match found {
        Some(note) if note.is_strategy() => Ok(()),
        Some(_) => Err(ScaffoldError(format!(
            "`{strategy}` is a tactic; --strategy must name an upstream note"
        ))),
        None => {
            let mut msg = format!("no strategy `{strategy}` in this playbook");
            let names = playbook.strategies().map(|n| n.id.as_str());
            if let Some(near) = crate::toml_fields::closest(strategy, names) {
                msg.push_str(&format!("; did you mean `{near}`?"));
            }
            Err(ScaffoldError(msg))
        }
    }
}

/// Creates a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

const BOOK_TOML: &str = r#"# playbook configuration. Keys are kebab-case; unknown keys are warnings.

[book]
# The site's title and description, used where a language sets none.
title = "Marketing Playbook"
description = "Our strategies, and the tactics that carry them out."
# Translations are compared with this language's notes; it must be one of
# the languages below.
default-language = "en"

# One table per language. content/<code>/ holds its notes; the same file
# path in two language folders is one note in two languages.
[languages.en]
name = "English"

[languages.de]
name = "Deutsch"
title = "Marketing-Playbook"
description = "Unsere Strategien und die Taktiken, die sie umsetzen."
# UI strings of the theme can be overridden per language:
# [languages.de.strings]
# governed-by = "Dient der Strategie"

[languages.pt]
name = "Português"
title = "Playbook de Marketing"
description = "Nossas estratégias e as táticas que as executam."

[build]
# Where `playbook build` writes the site (relative to this file).
build-dir = "public"
# The theme: "default" is built in; themes/<name>/ overrides it file by file.
theme = "default"
# Set this to the published address to get absolute URLs in the sitemap.
# site-url = "https://playbook.example.com"
"#;

/// (path, English body, German, Portuguese): the starter notes, written so
/// that every file exists in every language.
const STARTER: &[(&str, &str, &str, &str, &str)] = &[
    (
        "_index.md",
        "",
        "+++\ntitle = \"Our marketing playbook\"\n+++\n\nStrategies (upstream) record the long-term decisions: who we serve and why they choose us. Tactics (downstream) are the campaigns that carry them out, and every tactic names its strategy. Start with [[positioning]].\n",
        "+++\ntitle = \"Unser Marketing-Playbook\"\n+++\n\nStrategien (upstream) halten die langfristigen Entscheidungen fest: wen wir bedienen und warum man uns wählt. Taktiken (downstream) sind die Kampagnen, die sie umsetzen, und jede Taktik nennt ihre Strategie. Der Einstieg ist [[positioning]].\n",
        "+++\ntitle = \"Nosso playbook de marketing\"\n+++\n\nEstratégias (upstream) registram as decisões de longo prazo: quem atendemos e por que nos escolhem. Táticas (downstream) são as campanhas que as executam, e toda tática indica sua estratégia. Comece por [[positioning]].\n",
    ),
    (
        "positioning.md",
        "tags = [\"upstream\"]\nweight = 10\n",
        "+++\ntitle = \"Positioning\"\nsummary = \"Which alternative we replace, for whom, and why we are the better choice.\"\nmetrics = [\"Differentiation\"]\nowner = \"Product marketing\"\n+++\n\nPositioning names the alternative buyers compare us with and the reason we win against it.\n\n## Questions it must answer {#questions}\n\n- Which alternatives do buyers consider?\n- Which segment cares most about our difference?\n",
        "+++\ntitle = \"Positionierung\"\nslug = \"positionierung\"\nsummary = \"Welche Alternative wir ersetzen, für wen, und warum wir die bessere Wahl sind.\"\nmetrics = [\"Differenzierung\"]\nowner = \"Produktmarketing\"\n+++\n\nDie Positionierung benennt die Alternative, mit der Käufer uns vergleichen, und den Grund, warum wir gegen sie gewinnen.\n\n## Fragen, die sie beantworten muss {#questions}\n\n- Welche Alternativen ziehen Käufer in Betracht?\n- Welchem Segment ist unser Unterschied am wichtigsten?\n",
        "+++\ntitle = \"Posicionamento\"\nslug = \"posicionamento\"\nsummary = \"Qual alternativa substituímos, para quem, e por que somos a melhor escolha.\"\nmetrics = [\"Diferenciação\"]\nowner = \"Marketing de produto\"\n+++\n\nO posicionamento nomeia a alternativa com que os compradores nos comparam e o motivo pelo qual vencemos.\n\n## Perguntas que ele precisa responder {#questions}\n\n- Quais alternativas os compradores consideram?\n- Qual segmento mais valoriza a nossa diferença?\n",
    ),
    (
        "channels/comparison-page.md",
        "tags = [\"downstream\", \"web\"]\nstrategy = \"positioning\"\nweight = 10\n",
        "+++\ntitle = \"Comparison page\"\nsummary = \"A fair page comparing us with the main alternative.\"\nmetrics = [\"Page conversions\", \"Win rate against the alternative\"]\nowner = \"Content\"\n+++\n\nA comparison page puts our [[positioning#questions|positioning]] where buyers look for it: next to the alternative they already know.\n",
        "+++\ntitle = \"Vergleichsseite\"\nslug = \"vergleichsseite\"\nsummary = \"Eine faire Seite, die uns mit der wichtigsten Alternative vergleicht.\"\nmetrics = [\"Conversions der Seite\", \"Abschlussquote gegen die Alternative\"]\nowner = \"Content\"\n+++\n\nEine Vergleichsseite stellt unsere [[positioning#questions|Positionierung]] dorthin, wo Käufer sie suchen: neben die Alternative, die sie schon kennen.\n",
        "+++\ntitle = \"Página de comparação\"\nslug = \"pagina-de-comparacao\"\nsummary = \"Uma página justa que nos compara com a principal alternativa.\"\nmetrics = [\"Conversões da página\", \"Taxa de vitória contra a alternativa\"]\nowner = \"Conteúdo\"\n+++\n\nUma página de comparação coloca o nosso [[positioning#questions|posicionamento]] onde o comprador procura: ao lado da alternativa que ele já conhece.\n",
    ),
];

/// Writes a minimal playbook into `dir` and returns the files written.
/// Writes nothing unless `dir` is new or empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let mut files: Vec<(PathBuf, String)> = vec![(dir.join("book.toml"), BOOK_TOML.to_string())];
    for (path, structure, en, de, pt) in STARTER {
        // The structural keys go into the English note only; translations
        // inherit them and record the English body they match.
        let en_text = insert_after_title(en, structure);
        let hash = body_hash(body_of(&en_text));
        files.push((dir.join("content/en").join(path), en_text));
        for (lang, text) in [("de", de), ("pt", pt)] {
            let text = if *path == "_index.md" {
                text.to_string()
            } else {
                set_translated_from(text, &hash).expect("starter notes have valid front matter")
            };
            files.push((dir.join("content").join(lang).join(path), text));
        }
    }
    // Only into a new or empty folder (dot files such as .git aside): a
    // starter playbook mixed into other files would help nobody.
    let existing: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect(),
        Err(_) if dir.exists() => {
            return Err(ScaffoldError(format!(
                "{} is not a folder playbook can read",
                dir.display()
            )));
        }
        Err(_) => Vec::new(),
    };
    if !existing.is_empty() {
        let mut names = existing;
        names.sort();
        return Err(ScaffoldError(format!(
            "refusing to write into {}: it already holds {}; playbook init writes only into a new or empty folder and never overwrites",
            dir.display(),
            names.join(", ")
        )));
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| ScaffoldError(format!("cannot create {}: {e}", parent.display())))?;
        }
        write_new(path, text)
            .map_err(|e| ScaffoldError(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn insert_after_title(text: &str, structure: &str) -> String {
    match text
        .find('\n')
        .and_then(|first| text[first + 1..].find('\n').map(|i| first + 1 + i + 1))
    {
        Some(after_title) if !structure.is_empty() => {
            format!(
                "{}{structure}{}",
                &text[..after_title],
                &text[after_title..]
            )
        }
        _ => text.to_string(),
    }
}

fn body_of(text: &str) -> &str {
    front_matter::split(text).map_or("", |split| &text[split.body_start..])
}
