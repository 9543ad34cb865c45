//! Writes a synthetic playbook, and the same content as a Hugo site, for
//! the benchmark in `bench/run.sh`.
//!
//! `cargo run --release --example gen-corpus -- --notes N OUT` writes
//! `OUT/playbook` (a playbook: `book.toml`, `content/{en,de,pt}`) and
//! `OUT/hugo` (a multilingual Hugo site with minimal layouts doing the same
//! work: a note page with its tags and a link to its strategy, a strategy
//! page listing its tactics, the home page map, list and tag pages).
//!
//! The output is deterministic: the same N gives the same bytes. About one
//! note in ten is a strategy; tactics spread over two levels of folders.
//! Every note has 500-700 words with headings, lists, a table, emphasis and
//! 3-5 links to other notes of its language.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: a tiny, well-known deterministic generator; the corpus needs
/// repeatability, not statistical quality.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.range(0, words.len() - 1)]
    }
}

/// The words and labels of one language.
struct Language {
    code: &'static str,
    name: &'static str,
    words: &'static [&'static str],
    strategy: &'static str,
    tactic: &'static str,
    headings: [&'static str; 5],
    table_head: [&'static str; 3],
    metrics: [&'static str; 4],
    owner: &'static str,
}

const EN: Language = Language {
    code: "en",
    name: "English",
    words: &[
        "buyer",
        "segment",
        "campaign",
        "budget",
        "pipeline",
        "offer",
        "price",
        "channel",
        "message",
        "customer",
        "market",
        "problem",
        "insight",
        "team",
        "quarter",
        "lead",
        "review",
        "target",
        "account",
        "signal",
        "growth",
        "share",
        "value",
        "proof",
        "story",
        "demand",
        "choice",
        "contract",
        "renewal",
        "trial",
        "package",
        "feature",
        "outcome",
        "committee",
        "decision",
        "reach",
        "audience",
        "content",
        "report",
        "survey",
        "interview",
        "competitor",
        "category",
        "position",
        "promise",
        "benefit",
        "risk",
        "cost",
        "margin",
        "retention",
        "referral",
        "partner",
        "event",
        "webinar",
        "article",
        "search",
        "page",
        "form",
        "call",
        "meeting",
        "plan",
        "owner",
        "metric",
        "rate",
        "clear",
        "early",
        "strong",
        "small",
        "large",
        "regional",
        "industrial",
        "careful",
        "weekly",
        "monthly",
        "focused",
        "measured",
        "shared",
        "current",
        "honest",
        "direct",
        "tests",
        "builds",
        "shows",
        "reaches",
        "explains",
        "compares",
        "tracks",
        "supports",
        "wins",
        "loses",
        "changes",
        "proves",
        "answers",
        "names",
        "ranks",
        "keeps",
        "with",
        "for",
        "from",
        "before",
        "after",
        "because",
        "while",
        "and",
        "but",
        "so",
        "the",
        "a",
        "every",
        "each",
        "our",
        "their",
        "which",
        "when",
        "where",
        "only",
        "often",
        "rarely",
    ],
    strategy: "Strategy",
    tactic: "Tactic",
    headings: [
        "The goal",
        "Steps",
        "How we measure it",
        "Pitfalls",
        "Notes",
    ],
    table_head: ["Metric", "What it tells us", "Target"],
    metrics: [
        "Click-through rate",
        "Cost per qualified lead",
        "Influenced pipeline",
        "Win rate",
    ],
    owner: "Product marketing",
};

const DE: Language = Language {
    code: "de",
    name: "Deutsch",
    words: &[
        "Käufer",
        "Segment",
        "Kampagne",
        "Budget",
        "Pipeline",
        "Angebot",
        "Preis",
        "Kanal",
        "Botschaft",
        "Kunde",
        "Markt",
        "Problem",
        "Einsicht",
        "Team",
        "Quartal",
        "Lead",
        "Prüfung",
        "Ziel",
        "Konto",
        "Signal",
        "Wachstum",
        "Anteil",
        "Wert",
        "Beleg",
        "Geschichte",
        "Nachfrage",
        "Wahl",
        "Vertrag",
        "Verlängerung",
        "Test",
        "Paket",
        "Funktion",
        "Ergebnis",
        "Gremium",
        "Entscheidung",
        "Reichweite",
        "Zielgruppe",
        "Inhalt",
        "Bericht",
        "Umfrage",
        "Gespräch",
        "Wettbewerber",
        "Kategorie",
        "Position",
        "Versprechen",
        "Nutzen",
        "Risiko",
        "Kosten",
        "Marge",
        "Bindung",
        "Empfehlung",
        "Partner",
        "Messe",
        "Webinar",
        "Artikel",
        "Suche",
        "Seite",
        "Formular",
        "Anruf",
        "Größe",
        "Plan",
        "Verantwortung",
        "Kennzahl",
        "Quote",
        "klar",
        "früh",
        "stark",
        "klein",
        "groß",
        "regional",
        "industriell",
        "sorgfältig",
        "wöchentlich",
        "monatlich",
        "gezielt",
        "gemessen",
        "gemeinsam",
        "aktuell",
        "ehrlich",
        "direkt",
        "prüft",
        "baut",
        "zeigt",
        "erreicht",
        "erklärt",
        "vergleicht",
        "verfolgt",
        "stützt",
        "gewinnt",
        "verliert",
        "ändert",
        "belegt",
        "beantwortet",
        "nennt",
        "ordnet",
        "hält",
        "mit",
        "für",
        "aus",
        "vor",
        "nach",
        "weil",
        "während",
        "und",
        "aber",
        "also",
        "der",
        "die",
        "das",
        "jede",
        "jeder",
        "unser",
        "ihr",
        "welche",
        "wenn",
        "wo",
        "nur",
        "oft",
        "selten",
    ],
    strategy: "Strategie",
    tactic: "Taktik",
    headings: [
        "Das Ziel",
        "Schritte",
        "Wie wir es messen",
        "Fallstricke",
        "Hinweise",
    ],
    table_head: ["Kennzahl", "Was sie zeigt", "Ziel"],
    metrics: [
        "Klickrate",
        "Kosten pro qualifiziertem Lead",
        "Beeinflusste Pipeline",
        "Gewinnquote",
    ],
    owner: "Produktmarketing",
};

const PT: Language = Language {
    code: "pt",
    name: "Português",
    words: &[
        "comprador",
        "segmento",
        "campanha",
        "orçamento",
        "funil",
        "oferta",
        "preço",
        "canal",
        "mensagem",
        "cliente",
        "mercado",
        "problema",
        "percepção",
        "time",
        "trimestre",
        "lead",
        "revisão",
        "meta",
        "conta",
        "sinal",
        "crescimento",
        "participação",
        "valor",
        "prova",
        "história",
        "demanda",
        "escolha",
        "contrato",
        "renovação",
        "teste",
        "pacote",
        "recurso",
        "resultado",
        "comitê",
        "decisão",
        "alcance",
        "público",
        "conteúdo",
        "relatório",
        "pesquisa",
        "entrevista",
        "concorrente",
        "categoria",
        "posição",
        "promessa",
        "benefício",
        "risco",
        "custo",
        "margem",
        "retenção",
        "indicação",
        "parceiro",
        "evento",
        "webinar",
        "artigo",
        "busca",
        "página",
        "formulário",
        "ligação",
        "ação",
        "plano",
        "dono",
        "métrica",
        "taxa",
        "claro",
        "cedo",
        "forte",
        "pequeno",
        "grande",
        "regional",
        "industrial",
        "cuidadoso",
        "semanal",
        "mensal",
        "focado",
        "medido",
        "compartilhado",
        "atual",
        "honesto",
        "direto",
        "testa",
        "constrói",
        "mostra",
        "alcança",
        "explica",
        "compara",
        "acompanha",
        "apoia",
        "vence",
        "perde",
        "muda",
        "comprova",
        "responde",
        "nomeia",
        "ordena",
        "mantém",
        "com",
        "para",
        "de",
        "antes",
        "depois",
        "porque",
        "enquanto",
        "e",
        "mas",
        "então",
        "o",
        "a",
        "cada",
        "nosso",
        "seu",
        "qual",
        "quando",
        "onde",
        "só",
        "muitas vezes",
        "raramente",
    ],
    strategy: "Estratégia",
    tactic: "Tática",
    headings: [
        "O objetivo",
        "Passos",
        "Como medimos",
        "Armadilhas",
        "Observações",
    ],
    table_head: ["Métrica", "O que mostra", "Meta"],
    metrics: [
        "Taxa de cliques",
        "Custo por lead qualificado",
        "Pipeline influenciado",
        "Taxa de vitória",
    ],
    owner: "Marketing de produto",
};

const LANGUAGES: [&Language; 3] = [&EN, &DE, &PT];
const TOPICS: [&str; 8] = [
    "paid-social",
    "email",
    "events",
    "content",
    "sales",
    "seo",
    "partners",
    "lifecycle",
];

/// One note of the corpus, the same in every language but for its words.
struct Note {
    id: String,
    number: usize,
    /// The strategy a tactic serves; `None` for a strategy.
    strategy: Option<String>,
    topic: &'static str,
}

fn plan(notes: usize) -> Vec<Note> {
    let strategies = (notes / 10).max(1);
    let mut out = Vec::with_capacity(notes);
    for n in 0..strategies {
        out.push(Note {
            id: format!("strategy-{n:05}"),
            number: n,
            strategy: None,
            topic: TOPICS[n % TOPICS.len()],
        });
    }
    for n in 0..notes.saturating_sub(strategies) {
        // Two levels of folders, about ten notes in each leaf folder.
        let area = (n / 100) % 20;
        let group = (n / 10) % 10;
        out.push(Note {
            id: format!("area-{area:02}/group-{group}/tactic-{n:05}"),
            number: n,
            strategy: Some(format!("strategy-{:05}", n % strategies)),
            topic: TOPICS[(n / 7) % TOPICS.len()],
        });
    }
    out
}

fn title(note: &Note, lang: &Language) -> String {
    let kind = if note.strategy.is_none() {
        lang.strategy
    } else {
        lang.tactic
    };
    format!("{kind} {}", note.number)
}

/// `count` words of the language's vocabulary as sentences.
fn sentences(rng: &mut Rng, lang: &Language, count: usize) -> String {
    let mut out = String::new();
    let mut left = count;
    while left > 0 {
        let length = rng.range(8, 16).min(left);
        left -= length;
        for i in 0..length {
            let word = rng.pick(lang.words);
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                match rng.range(0, 40) {
                    0 => write!(out, "**{word}**").unwrap(),
                    1 => write!(out, "*{word}*").unwrap(),
                    _ => out.push_str(word),
                }
            }
        }
        out.push_str(if left > 0 { ". " } else { "." });
    }
    out
}

/// How a link to another note is written.
#[derive(Clone, Copy)]
enum Flavour {
    Playbook,
    Hugo,
}

fn link(target: &Note, lang: &Language, flavour: Flavour) -> String {
    match flavour {
        Flavour::Playbook => format!("[[{}]]", target.id),
        Flavour::Hugo => format!("[{}](/{}/{}/)", title(target, lang), lang.code, target.id),
    }
}

/// The Markdown body of a note: the same seed gives the same text in both
/// flavours, so the two generators render the same words.
fn body(notes: &[Note], index: usize, lang: &Language, flavour: Flavour) -> String {
    let seed = (index as u64) << 8 | lang.code.as_bytes()[0] as u64;
    let mut rng = Rng(seed);
    let links: Vec<&Note> = (0..rng.range(3, 5))
        .map(|_| &notes[rng.range(0, notes.len() - 1)])
        .collect();
    let mut links = links.into_iter().map(|n| link(n, lang, flavour));
    let mut next_link = || links.next().unwrap_or_default();
    let h = &lang.headings;
    let mut out = String::new();
    writeln!(out, "{}\n", words(&mut rng, lang, 50, 70)).unwrap();
    writeln!(out, "## {}\n", h[0]).unwrap();
    writeln!(out, "{} {}\n", words(&mut rng, lang, 60, 80), next_link()).unwrap();
    writeln!(out, "## {}\n", h[1]).unwrap();
    for step in 1..=5 {
        writeln!(out, "{step}. {}", words(&mut rng, lang, 10, 14)).unwrap();
    }
    writeln!(out, "\n## {}\n", h[2]).unwrap();
    writeln!(
        out,
        "| {} | {} | {} |",
        lang.table_head[0], lang.table_head[1], lang.table_head[2]
    )
    .unwrap();
    out.push_str("|---|---|---|\n");
    for metric in lang.metrics {
        writeln!(
            out,
            "| {metric} | {} | {}% |",
            sentences(&mut rng, lang, 6),
            rng.range(2, 60)
        )
        .unwrap();
    }
    writeln!(out, "\n### {} {}\n", h[2], 2).unwrap();
    writeln!(out, "{} {}\n", words(&mut rng, lang, 80, 110), next_link()).unwrap();
    writeln!(out, "## {}\n", h[3]).unwrap();
    for _ in 0..4 {
        writeln!(out, "- {}", words(&mut rng, lang, 10, 14)).unwrap();
    }
    writeln!(out, "\n## {}\n", h[4]).unwrap();
    writeln!(out, "{} {}\n", words(&mut rng, lang, 80, 110), next_link()).unwrap();
    writeln!(
        out,
        "{} {} {}",
        words(&mut rng, lang, 70, 100),
        next_link(),
        next_link()
    )
    .unwrap();
    out
}

/// Between `lo` and `hi` words of sentences.
fn words(rng: &mut Rng, lang: &Language, lo: usize, hi: usize) -> String {
    let count = rng.range(lo, hi);
    sentences(rng, lang, count)
}

fn summary(note: &Note, lang: &Language) -> String {
    let mut rng = Rng(note.number as u64 * 31 + 7);
    sentences(&mut rng, lang, 14)
}

fn playbook_note(notes: &[Note], index: usize, lang: &Language) -> String {
    let note = &notes[index];
    let mut out = String::from("+++\n");
    writeln!(out, "title = \"{}\"", title(note, lang)).unwrap();
    if lang.code == "en" {
        match &note.strategy {
            None => writeln!(out, "tags = [\"upstream\", \"{}\"]", note.topic).unwrap(),
            Some(strategy) => {
                writeln!(out, "tags = [\"downstream\", \"{}\"]", note.topic).unwrap();
                writeln!(out, "strategy = \"{strategy}\"").unwrap();
            }
        }
        writeln!(out, "weight = {}", note.number % 100).unwrap();
    }
    finish_note(out, notes, index, lang, Flavour::Playbook)
}

fn hugo_note(notes: &[Note], index: usize, lang: &Language) -> String {
    let note = &notes[index];
    let mut out = String::from("+++\n");
    writeln!(out, "title = \"{}\"", title(note, lang)).unwrap();
    let role = if note.strategy.is_none() {
        "upstream"
    } else {
        "downstream"
    };
    writeln!(out, "tags = [\"{role}\", \"{}\"]", note.topic).unwrap();
    if let Some(strategy) = &note.strategy {
        writeln!(out, "strategies = [\"{strategy}\"]").unwrap();
        writeln!(out, "strategy = \"{strategy}\"").unwrap();
    } else {
        writeln!(out, "role = \"upstream\"").unwrap();
    }
    finish_note(out, notes, index, lang, Flavour::Hugo)
}

/// The front matter both flavours share, and the body.
fn finish_note(
    mut out: String,
    notes: &[Note],
    index: usize,
    lang: &Language,
    flavour: Flavour,
) -> String {
    let note = &notes[index];
    writeln!(out, "summary = \"{}\"", summary(note, lang)).unwrap();
    writeln!(
        out,
        "metrics = [\"{}\", \"{}\"]",
        lang.metrics[0], lang.metrics[1]
    )
    .unwrap();
    writeln!(out, "owner = \"{}\"", lang.owner).unwrap();
    out.push_str("+++\n\n");
    out.push_str(&body(notes, index, lang, flavour));
    out
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn write_playbook(out: &Path, notes: &[Note]) -> std::io::Result<()> {
    let mut book =
        String::from("[book]\ntitle = \"Benchmark Playbook\"\ndefault-language = \"en\"\n\n");
    for lang in LANGUAGES {
        writeln!(
            book,
            "[languages.{}]\nname = \"{}\"\n",
            lang.code, lang.name
        )
        .unwrap();
    }
    write(&out.join("book.toml"), &book)?;
    write_notes(out, notes, playbook_note)
}

/// Writes each language's intro and notes below `out/content/<lang>/`.
fn write_notes(
    out: &Path,
    notes: &[Note],
    note: fn(&[Note], usize, &Language) -> String,
) -> std::io::Result<()> {
    for lang in LANGUAGES {
        let dir = out.join("content").join(lang.code);
        write(
            &dir.join("_index.md"),
            &format!(
                "+++\ntitle = \"{}\"\n+++\n\n{}\n",
                lang.name,
                sentences(&mut Rng(1), lang, 120)
            ),
        )?;
        for index in 0..notes.len() {
            let path = dir.join(format!("{}.md", notes[index].id));
            write(&path, &note(notes, index, lang))?;
        }
    }
    Ok(())
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Params.summary }}">
</head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a> <a href="{{ "tags/" | relLangURL }}">Tags</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.strategy }}{{ with $.Site.GetPage (printf "/%s" .) }}<p>Governed by <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
<ul class="metrics">{{ range .Params.metrics }}<li>{{ . }}</li>{{ end }}</ul>
<p>{{ .Params.owner }}</p>
{{ .Content }}
{{ if eq .Params.role "upstream" }}{{ with index .Site.Taxonomies.strategies (urlize .File.ContentBaseName) }}<h2>Tactics</h2><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}{{ end }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Params.summary }}</li>{{ end }}</ul>
{{ end }}
"#;

/// The home page shows the strategy map, as the playbook's home does.
const HUGO_HOME: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="map">{{ range where .Site.RegularPages "Params.role" "upstream" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with index $.Site.Taxonomies.strategies (urlize .File.ContentBaseName) }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</li>{{ end }}</ul>
{{ end }}
"#;

fn write_hugo(out: &Path, notes: &[Note]) -> std::io::Result<()> {
    let mut config = String::from(
        "title = \"Benchmark Playbook\"\n\
         defaultContentLanguage = \"en\"\n\
         defaultContentLanguageInSubdir = true\n\
         disableKinds = [\"RSS\"]\n\
         [taxonomies]\ntag = \"tags\"\nstrategy = \"strategies\"\n\
         [markup.goldmark.renderer]\nunsafe = false\n",
    );
    for (weight, lang) in LANGUAGES.iter().enumerate() {
        writeln!(
            config,
            "[languages.{code}]\nlanguageName = \"{name}\"\nweight = {w}\ncontentDir = \"content/{code}\"",
            code = lang.code,
            name = lang.name,
            w = weight + 1
        )
        .unwrap();
    }
    write(&out.join("config.toml"), &config)?;
    let layouts = out.join("layouts/_default");
    write(&layouts.join("baseof.html"), HUGO_BASEOF)?;
    write(&layouts.join("single.html"), HUGO_SINGLE)?;
    write(&layouts.join("list.html"), HUGO_LIST)?;
    write(&out.join("layouts/index.html"), HUGO_HOME)?;
    write_notes(out, notes, hugo_note)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (notes, out) = match args.as_slice() {
        [flag, n, out] if flag == "--notes" => match n.parse::<usize>() {
            Ok(n) if n >= 2 => (n, PathBuf::from(out)),
            _ => return usage("N must be a whole number of at least 2"),
        },
        _ => return usage("expected `--notes N OUT`"),
    };
    if out.exists()
        && fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return usage(&format!(
            "{} exists and is not empty; choose a new folder",
            out.display()
        ));
    }
    let plan = plan(notes);
    let result = write_playbook(&out.join("playbook"), &plan)
        .and_then(|()| write_hugo(&out.join("hugo"), &plan));
    match result {
        Ok(()) => {
            println!("wrote {} notes per language to {}", notes, out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "error: writing the corpus into {} failed: {error}",
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("error: {why}\nusage: cargo run --release --example gen-corpus -- --notes N OUT");
    ExitCode::from(2)
}
