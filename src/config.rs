//! Stage 1: `book.toml` into a typed [`Config`].
//!
//! Keys are kebab-case as in mdBook. An unknown key is a warning that names
//! the nearest known key; a missing or malformed file, a value of the wrong
//! type, or a default language that is not declared is a configuration error
//! (exit status 2).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::DeValue;

use crate::codes::{self, Code};
use crate::colour::Colour;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ids::Lang;
use crate::toml_fields::{At, Doc, Field};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "book.toml";

/// The diagnostic code for everything wrong in `book.toml`.
const CODE: &Code = codes::CONFIG;

/// The playbook's configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The playbook folder (holding `book.toml`), absolute.
    pub root: PathBuf,
    /// Site title in the default language.
    pub title: String,
    /// One-line description for the home page and `<meta>`.
    pub description: Option<String>,
    /// The language every translation is compared with.
    pub default_language: Lang,
    /// Every language, the default one first, then as declared.
    pub languages: Vec<LanguageConfig>,
    /// `[build]`.
    pub build: BuildConfig,
    /// `[serve]`.
    pub serve: ServeConfig,
}

/// `[languages.<code>]`.
#[derive(Clone, Debug)]
pub struct LanguageConfig {
    /// The language code: the table's name and the content folder's name.
    pub lang: Lang,
    /// The language's own name (`Deutsch`), shown in the switcher.
    pub name: String,
    /// Site title in this language, if it differs.
    pub title: Option<String>,
    /// Description in this language, if it differs.
    pub description: Option<String>,
    /// Overrides of the theme's UI strings (`[languages.de.strings]`).
    pub strings: BTreeMap<String, At<String>>,
    /// Topic tags' names in this language, by the tag as notes write it
    /// (`[languages.de.tags] events = "Veranstaltungen"`); the key's span.
    pub tags: BTreeMap<String, At<String>>,
}

/// `[build]`.
#[derive(Clone, Debug)]
pub struct BuildConfig {
    /// Where `build` writes the site, relative to the root unless absolute.
    pub build_dir: PathBuf,
    /// A folder under `themes/`, or the built-in `default`.
    pub theme: String,
    /// The published address, for absolute URLs in `sitemap.xml`; ends in `/`.
    pub site_url: Option<String>,
    /// A file under `static/` shown beside the title, by its path there.
    pub logo: Option<At<String>>,
    /// The theme's accent colour (links, marks, the favicon).
    pub accent: Option<Colour>,
    /// The address of a note's file in the team's git host, with `{path}`
    /// for the file's path in the repository.
    pub edit_url: Option<String>,
}

/// `[serve]`.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Address to bind; loopback unless the user asks otherwise.
    pub address: IpAddr,
    /// Port to bind.
    pub port: u16,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: PathBuf::from("public"),
            theme: "default".into(),
            site_url: None,
            logo: None,
            accent: None,
            edit_url: None,
        }
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            address: IpAddr::from([127, 0, 0, 1]),
            port: 3000,
        }
    }
}

impl Config {
    /// The settings of one language.
    pub fn language(&self, lang: &Lang) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| &l.lang == lang)
    }

    /// The site title in a language.
    pub fn title_in(&self, lang: &Lang) -> &str {
        self.language(lang)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The description in a language.
    pub fn description_in(&self, lang: &Lang) -> Option<&str> {
        self.language(lang)
            .and_then(|l| l.description.as_deref())
            .or(self.description.as_deref())
    }

    /// The folder `build` writes to.
    pub fn build_dir(&self) -> PathBuf {
        self.root.join(&self.build.build_dir)
    }
}

/// The configuration could not be read; the diagnostics say why.
#[derive(Debug)]
pub struct ConfigError;

/// Reads `<root>/book.toml`. Every problem is pushed to `diags`; `Err` means
/// the build cannot go on.
pub fn load_config(root: &Path, diags: &mut Diagnostics) -> Result<Config, ConfigError> {
    let path = root.join(CONFIG_FILE);
    let bytes = match crate::walk::read_regular(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            let hint = if err.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "run playbook in a folder that has a `{CONFIG_FILE}`, or name that folder: `playbook build DIR`"
                )
            } else {
                "check the file's permissions".to_string()
            };
            diags.push(
                Diagnostic::error(CODE, format!("cannot read `{CONFIG_FILE}`: {err}"))
                    .at(CONFIG_FILE, None)
                    .help(hint),
            );
            return Err(ConfigError);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            diags.push(
                Diagnostic::error(CODE, format!("`{CONFIG_FILE}` is not valid UTF-8"))
                    .at(CONFIG_FILE, None)
                    .help(format!(
                        "save it as UTF-8; the first invalid byte is at offset {}",
                        err.utf8_error().valid_up_to()
                    )),
            );
            return Err(ConfigError);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    parse_config(&text, root, diags)
}

/// Parses the text of `book.toml`.
pub fn parse_config(
    text: &str,
    root: PathBuf,
    diags: &mut Diagnostics,
) -> Result<Config, ConfigError> {
    diags.add_source(CONFIG_FILE, Arc::from(text));
    let doc = Doc {
        file: CONFIG_FILE,
        base: 0,
    };
    let errors_before = diags.error_count();
    let table = doc.parse(text, CODE, diags).ok_or(ConfigError)?;

    let mut raw = RawConfig::default();
    doc.fields(&table, "", "at the top level", TOP_FIELDS, &mut raw, diags);
    let RawConfig {
        title,
        description,
        default_language,
        mut languages,
        build,
        serve,
    } = raw;

    if languages.is_empty() {
        diags.push(
            Diagnostic::error(CODE, "no language is declared")
                .at(CONFIG_FILE, Some(0..0))
                .help("declare at least one: `[languages.en]` with `name = \"English\"`"),
        );
    }
    let default_language = match default_language {
        Some(At { value, span }) => {
            if let Some(i) = languages.iter().position(|l| l.lang.as_str() == value) {
                let first = languages.remove(i);
                languages.insert(0, first);
            } else if !languages.is_empty() {
                let declared: Vec<&str> = languages.iter().map(|l| l.lang.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        CODE,
                        format!("the default language `{value}` is not declared"),
                    )
                    .at(CONFIG_FILE, Some(span))
                    .label("no [languages] table for it")
                    .help(format!(
                        "add `[languages.{value}]`, or use one of: {}",
                        declared.join(", ")
                    )),
                );
            }
            Lang::new(&value).ok()
        }
        None => {
            // Without the key, the first declared language is the default,
            // as mdBook takes its single language for granted.
            languages.first().map(|l| l.lang)
        }
    };

    if diags.error_count() > errors_before {
        return Err(ConfigError);
    }
    let default_language = default_language.ok_or(ConfigError)?;
    Ok(Config {
        root,
        title: title.map_or_else(|| "Playbook".to_string(), |t| t.value),
        description: description.map(|d| d.value),
        default_language,
        languages,
        build,
        serve,
    })
}

/// `[serve] address` as an IP address: `localhost` is the IPv4 loopback,
/// said so in the docs; anything else that is not an address is an error
/// at its value, never a silent fallback.
fn listen_address(value: &At<String>, diags: &mut Diagnostics) -> Option<IpAddr> {
    let text = value.value.trim();
    if text.eq_ignore_ascii_case("localhost") {
        return Some(IpAddr::from([127, 0, 0, 1]));
    }
    match text.parse::<IpAddr>() {
        Ok(address) => Some(address),
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`address` must be an IP address, found `{}`", value.value),
                )
                .at(CONFIG_FILE, Some(value.span.clone()))
                .label("not an IP address")
                .help("use \"127.0.0.1\" (this machine only, the default), \"::1\", or \"0.0.0.0\" to let other machines in"),
            );
            None
        }
    }
}

/// What `book.toml` sets, before the default language is settled.
#[derive(Default)]
struct RawConfig {
    title: Option<At<String>>,
    description: Option<At<String>>,
    default_language: Option<At<String>>,
    languages: Vec<LanguageConfig>,
    build: BuildConfig,
    serve: ServeConfig,
}

/// The top-level tables of `book.toml`.
const TOP_FIELDS: &[Field<RawConfig>] = &[
    Field {
        key: "book",
        read: |doc, key, value, raw, diags| {
            doc.section(CODE, key, value, BOOK_FIELDS, raw, diags);
        },
    },
    Field {
        key: "languages",
        read: languages,
    },
    Field {
        key: "build",
        read: |doc, key, value, raw, diags| {
            doc.section(CODE, key, value, BUILD_FIELDS, &mut raw.build, diags);
        },
    },
    Field {
        key: "serve",
        read: |doc, key, value, raw, diags| {
            doc.section(CODE, key, value, SERVE_FIELDS, &mut raw.serve, diags);
        },
    },
];

/// `[book]`.
const BOOK_FIELDS: &[Field<RawConfig>] = &[
    Field {
        key: "title",
        read: |doc, key, value, raw, diags| raw.title = doc.string(CODE, key, value, diags),
    },
    Field {
        key: "description",
        read: |doc, key, value, raw, diags| raw.description = doc.string(CODE, key, value, diags),
    },
    Field {
        key: "default-language",
        read: |doc, key, value, raw, diags| {
            raw.default_language = doc.string(CODE, key, value, diags)
        },
    },
];

/// `[build]`.
const BUILD_FIELDS: &[Field<BuildConfig>] = &[
    Field {
        key: "build-dir",
        read: |doc, key, value, build, diags| {
            let Some(dir) = doc.string(CODE, key, value, diags) else {
                return;
            };
            if dir.value.trim().is_empty() {
                diags.push(
                    Diagnostic::error(CODE, "`build-dir` cannot be empty")
                        .at(CONFIG_FILE, Some(dir.span)),
                );
            } else {
                build.build_dir = PathBuf::from(dir.value);
            }
        },
    },
    Field {
        key: "theme",
        read: |doc, key, value, build, diags| {
            let Some(theme) = doc.string(CODE, key, value, diags) else {
                return;
            };
            let ok = !theme.value.is_empty()
                && !theme.value.contains(['/', '\\'])
                && theme.value != ".."
                && theme.value != ".";
            if ok {
                build.theme = theme.value;
            } else {
                diags.push(
                    Diagnostic::error(CODE, "`theme` must be the name of a folder under `themes/`")
                        .at(CONFIG_FILE, Some(theme.span)),
                );
            }
        },
    },
    Field {
        key: "site-url",
        read: |doc, key, value, build, diags| {
            let Some(url) = doc.string(CODE, key, value, diags) else {
                return;
            };
            if let Some(u) = site_url(&url.value) {
                build.site_url = Some(u);
            } else {
                diags.push(
                    Diagnostic::error(CODE, "`site-url` must be an absolute http or https address")
                        .at(CONFIG_FILE, Some(url.span))
                        .help("for example `https://playbook.example.com/`"),
                );
            }
        },
    },
    Field {
        key: "logo",
        read: |doc, key, value, build, diags| {
            // Whether the file exists is the model's to check, with the
            // other files of `static/`.
            if let Some(logo) = doc.string(CODE, key, value, diags) {
                let path = logo.value.trim_start_matches('/').to_string();
                build.logo = Some(At {
                    value: path,
                    span: logo.span,
                });
            }
        },
    },
    Field {
        key: "accent",
        read: |doc, key, value, build, diags| {
            let Some(accent) = doc.string(CODE, key, value, diags) else {
                return;
            };
            match Colour::parse(&accent.value) {
                Some(colour) => build.accent = Some(colour),
                None => diags.push(
                    Diagnostic::error(CODE, "`accent` must be a colour written `#rrggbb`")
                        .at(CONFIG_FILE, Some(accent.span))
                        .label("not a `#rrggbb` colour")
                        .help("for example `accent = \"#1d56b0\"`"),
                ),
            }
        },
    },
    Field {
        key: "edit-url",
        read: |doc, key, value, build, diags| {
            let Some(url) = doc.string(CODE, key, value, diags) else {
                return;
            };
            if url.value.contains("{path}") {
                build.edit_url = Some(url.value);
            } else {
                diags.push(
                    Diagnostic::error(CODE, "`edit-url` has no `{path}` for the note's file")
                        .at(CONFIG_FILE, Some(url.span))
                        .label("no `{path}`")
                        .help("for example `https://git.example.com/team/playbook/-/edit/main/{path}`"),
                );
            }
        },
    },
];

/// The path of the playbook's folder inside the git repository it is in,
/// with a final `/` (`docs/`), or empty when it is the repository's root or
/// in none: what a file's path in the playbook needs before it to be its
/// path in the repository.
pub fn repository_prefix(root: &Path) -> String {
    let Some(repo) = root.ancestors().find(|dir| dir.join(".git").exists()) else {
        return String::new();
    };
    let inside = root.strip_prefix(repo).unwrap_or(Path::new(""));
    let mut prefix: String = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if !prefix.is_empty() {
        prefix.push('/');
    }
    prefix
}

/// A published address as `site-url` (or `build --site-url`) takes it: an
/// absolute http or https address, ending in `/` so page paths append.
pub fn site_url(text: &str) -> Option<String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || text.chars().any(char::is_whitespace) {
        return None;
    }
    let mut url = text.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

/// `[serve]`.
const SERVE_FIELDS: &[Field<ServeConfig>] = &[
    Field {
        key: "address",
        read: |doc, key, value, serve, diags| {
            if let Some(a) = doc.string(CODE, key, value, diags)
                && let Some(address) = listen_address(&a, diags)
            {
                serve.address = address;
            }
        },
    },
    Field {
        key: "port",
        read: |doc, key, value, serve, diags| {
            let Some(p) = doc.integer(CODE, key, value, diags) else {
                return;
            };
            match u16::try_from(p.value) {
                Ok(port) => serve.port = port,
                Err(_) => diags.push(
                    Diagnostic::error(CODE, "`port` must be between 0 and 65535")
                        .at(CONFIG_FILE, Some(p.span)),
                ),
            }
        },
    },
];

/// `[languages.<code>]`.
const LANGUAGE_FIELDS: &[Field<LanguageConfig>] = &[
    Field {
        key: "name",
        read: |doc, key, value, config, diags| {
            if let Some(name) = doc.string(CODE, key, value, diags) {
                config.name = name.value;
            }
        },
    },
    Field {
        key: "title",
        read: |doc, key, value, config, diags| {
            config.title = doc.string(CODE, key, value, diags).map(|t| t.value)
        },
    },
    Field {
        key: "description",
        read: |doc, key, value, config, diags| {
            config.description = doc.string(CODE, key, value, diags).map(|t| t.value)
        },
    },
    Field {
        key: "strings",
        read: |doc, key, value, config, diags| {
            let Some(strings) = doc.table(CODE, key, value, diags) else {
                return;
            };
            read_names(doc, key, strings, &mut config.strings, diags);
        },
    },
    Field {
        key: "tags",
        read: |doc, key, value, config, diags| {
            let Some(tags) = doc.table(CODE, key, value, diags) else {
                return;
            };
            read_names(doc, key, tags, &mut config.tags, diags);
        },
    },
];

/// A table of names to strings (`[languages.de.strings]`), each with its
/// key's span.
fn read_names(
    doc: &Doc<'_>,
    key: &str,
    table: &toml::de::DeTable<'_>,
    into: &mut BTreeMap<String, At<String>>,
    diags: &mut Diagnostics,
) {
    for (name, value) in table.iter() {
        let string: &str = name.get_ref();
        if let Some(s) = doc.string(CODE, &format!("{key}.{string}"), value, diags) {
            into.insert(
                string.to_string(),
                At {
                    value: s.value,
                    span: doc.span_of(name),
                },
            );
        }
    }
}

/// `[languages]`: one table per language, named by its code.
fn languages(
    doc: &Doc<'_>,
    key: &str,
    value: &Spanned<DeValue<'_>>,
    raw: &mut RawConfig,
    diags: &mut Diagnostics,
) {
    let Some(langs) = doc.table(CODE, key, value, diags) else {
        return;
    };
    for (key, value) in langs.iter() {
        let code: &str = key.get_ref();
        let lang = match Lang::new(code) {
            Ok(lang) => lang,
            Err(msg) => {
                diags.push(
                    Diagnostic::error(CODE, msg)
                        .at(CONFIG_FILE, Some(doc.span_of(key)))
                        .label("not a language code"),
                );
                continue;
            }
        };
        if let Some(name) = crate::routes::site_names().iter().find(|n| *n == code) {
            diags.push(
                Diagnostic::error(
                    CODE,
                    format!("`{name}` cannot be a language code: the site's `/{name}` belongs to a page playbook writes"),
                )
                .at(CONFIG_FILE, Some(doc.span_of(key)))
                .label("a name the site uses")
                .help("use the language's BCP 47 code, such as `en`, `de` or `pt-BR`"),
            );
            continue;
        }
        let mut config = LanguageConfig {
            name: lang.as_str().to_string(),
            lang,
            title: None,
            description: None,
            strings: BTreeMap::new(),
            tags: BTreeMap::new(),
        };
        let path = format!("languages.{code}");
        if doc.section(CODE, &path, value, LANGUAGE_FIELDS, &mut config, diags) {
            raw.languages.push(config);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Result<Config, ConfigError>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let config = parse_config(text, PathBuf::from("/pb"), &mut diags);
        (config, diags)
    }

    const FULL: &str = r#"
[book]
title = "Marketing Playbook"
description = "How we decide and how we execute."
default-language = "en"

[languages.de]
name = "Deutsch"
title = "Marketing-Playbook"

[languages.en]
name = "English"

[languages.pt]
name = "Português"

[build]
build-dir = "out"
site-url = "https://playbook.example.com"

[serve]
port = 4000
"#;

    #[test]
    fn reads_every_table_with_defaults() {
        let (config, diags) = parse(FULL);
        let config = config.unwrap();
        assert_eq!(diags.error_count() + diags.warning_count(), 0);
        let langs: Vec<&str> = config.languages.iter().map(|l| l.lang.as_str()).collect();
        assert_eq!(langs, ["en", "de", "pt"], "default first, then as declared");
        assert_eq!(
            config.title_in(&Lang::new("de").unwrap()),
            "Marketing-Playbook"
        );
        assert_eq!(
            config.title_in(&Lang::new("pt").unwrap()),
            "Marketing Playbook"
        );
        assert_eq!(config.build.build_dir, PathBuf::from("out"));
        assert_eq!(config.build.theme, "default");
        assert_eq!(
            config.build.site_url.as_deref(),
            Some("https://playbook.example.com/")
        );
        assert_eq!(config.serve.address, IpAddr::from([127, 0, 0, 1]));
        assert_eq!(config.serve.port, 4000);
    }

    #[test]
    fn a_site_url_is_absolute_and_ends_in_a_slash() {
        assert_eq!(
            site_url("https://org.gitlab.io/playbook").as_deref(),
            Some("https://org.gitlab.io/playbook/")
        );
        assert_eq!(
            site_url("http://127.0.0.1:8080/").as_deref(),
            Some("http://127.0.0.1:8080/")
        );
        for bad in [
            "org.gitlab.io/playbook",
            "/playbook/",
            "https://",
            "https:///x",
            "ftp://a/",
            "https://a b/",
        ] {
            assert_eq!(site_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_serve_address_is_an_ip_address_or_localhost() {
        let with = |address: &str| {
            parse(&format!(
                "[book]\n[languages.en]\n[serve]\naddress = \"{address}\"\n"
            ))
        };
        for (text, want) in [
            ("::1", "::1"),
            ("0.0.0.0", "0.0.0.0"),
            ("localhost", "127.0.0.1"),
        ] {
            let (config, diags) = with(text);
            assert_eq!(diags.error_count(), 0, "{text}");
            assert_eq!(config.unwrap().serve.address.to_string(), want);
        }
        let (config, diags) = with("127.0.0.l");
        assert!(config.is_err());
        let d = diags.sorted()[0];
        assert_eq!(
            diags.line_col("book.toml", d.span.clone().unwrap().start),
            Some((4, 11))
        );
    }

    #[test]
    fn unknown_key_is_a_warning_with_a_suggestion() {
        let (config, diags) = parse("[book]\ntitel = \"x\"\n[languages.en]\nname = \"English\"\n");
        assert!(config.is_ok());
        assert_eq!(diags.warning_count(), 1);
        let d = diags.sorted()[0];
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(
            diags.line_col("book.toml", d.span.clone().unwrap().start),
            Some((2, 1))
        );
    }

    #[test]
    fn undeclared_default_language_is_an_error() {
        let (config, diags) = parse("[book]\ndefault-language = \"fr\"\n[languages.en]\n");
        assert!(config.is_err());
        assert!(diags.sorted()[0].message.contains("`fr` is not declared"));
    }

    #[test]
    fn wrong_types_are_all_reported() {
        let (config, diags) = parse("[book]\ntitle = 3\n[languages.en]\n[serve]\nport = \"x\"\n");
        assert!(config.is_err());
        assert_eq!(diags.error_count(), 2);
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let (config, diags) = parse("[book]\ntitle = \"x\n");
        assert!(config.is_err());
        let d = diags.sorted()[0];
        let (line, _) = diags
            .line_col("book.toml", d.span.clone().unwrap().start)
            .unwrap();
        assert_eq!(line, 2);
    }
}
