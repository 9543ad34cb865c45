//! The theme: templates, static assets and UI strings.
//!
//! The built-in `default` theme is embedded in the binary so that an
//! installed `playbook` works from any folder. A playbook's own
//! `themes/<name>/` overrides it file by file, and single templates in
//! `templates/` override both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::codes;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ids::Lang;
use crate::toml_fields::closest;
use crate::walk::{Bounds, display_path};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the embedded theme.
pub const DEFAULT_THEME_NAME: &str = "default";
/// The language whose UI strings fill gaps in the others.
const BASE_STRINGS: &str = "en";

/// Where a copied file's bytes come from: the theme's static files and
/// the playbook's own are copied alike.
#[derive(Clone, Debug)]
pub enum CopySource {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

/// A loaded theme.
pub struct Theme {
    /// Every template, user overrides applied.
    pub tera: Tera,
    /// Files copied to the site root, by site path.
    pub statics: BTreeMap<String, CopySource>,
    /// UI strings per language, book.toml overrides applied.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
}

/// The theme could not be loaded; diagnostics say why.
#[derive(Debug)]
pub struct ThemeError;

/// Loads the theme named in `config`, layering the playbook's files over
/// the embedded default.
pub fn load_theme(config: &Config, diags: &mut Diagnostics) -> Result<Theme, ThemeError> {
    let root = &config.root;
    let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut statics: BTreeMap<String, CopySource> = BTreeMap::new();
    let mut i18n: BTreeMap<String, (String, String)> = BTreeMap::new();

    for file in embedded_files(&DEFAULT_THEME) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let origin = format!("(built-in theme)/{path}");
        if let Some(name) = path.strip_prefix("templates/") {
            if let Some(text) = file.contents_utf8() {
                templates.insert(name.to_string(), (origin, text.to_string()));
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            statics.insert(name.to_string(), CopySource::Embedded(file.contents()));
        } else if let Some(name) = path.strip_prefix("i18n/")
            && let Some(text) = file.contents_utf8()
        {
            i18n.insert(name.to_string(), (origin, text.to_string()));
        }
    }

    let theme_dir = root.join("themes").join(&config.build.theme);
    if theme_dir.is_dir() {
        read_dir_into(
            root,
            &theme_dir.join("templates"),
            diags,
            |name, path, text| {
                templates.insert(name, (path, text));
            },
        );
        read_dir_into(root, &theme_dir.join("i18n"), diags, |name, path, text| {
            i18n.insert(name, (path, text));
        });
        for (name, path) in files_below(root, &theme_dir.join("static"), diags) {
            statics.insert(name, CopySource::Disk(path));
        }
    } else if config.build.theme != DEFAULT_THEME_NAME {
        diags.push(
            Diagnostic::error(
                codes::CONFIG,
                format!(
                    "theme `{}` not found: no folder `themes/{}`",
                    config.build.theme, config.build.theme
                ),
            )
            .at("book.toml", None)
            .help("create the folder, or remove `theme` to use the built-in theme"),
        );
        return Err(ThemeError);
    }
    read_dir_into(root, &root.join("templates"), diags, |name, path, text| {
        templates.insert(name, (path, text));
    });

    let mut tera = Tera::new();
    let all = templates
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()));
    if let Err(err) = tera.add_raw_templates(all) {
        let overrides: Vec<&str> = templates
            .values()
            .map(|(origin, _)| origin.as_str())
            .filter(|o| !o.starts_with("(built-in theme)"))
            .collect();
        let mut d = Diagnostic::error(codes::TEMPLATE, "the templates cannot be loaded")
            .help(error_chain(&err));
        if let Some(first) = overrides.first() {
            d = d.at(first, None);
        }
        diags.push(d);
        return Err(ThemeError);
    }
    let strings = load_strings(config, &i18n, diags);
    Ok(Theme {
        tera,
        statics,
        strings,
    })
}

impl Theme {
    /// The stylesheet's text, for a page that cannot link it (the
    /// not-found page); `</` is escaped so that it cannot end the
    /// `<style>` element it goes into.
    pub fn stylesheet(&self) -> String {
        let text = match self
            .statics
            .get(crate::routes::STYLESHEET.url_path().as_ref())
        {
            Some(CopySource::Embedded(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
            Some(CopySource::Disk(path)) => std::fs::read_to_string(path).unwrap_or_default(),
            None => String::new(),
        };
        text.replace("</", "<\\/")
    }
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out = Vec::new();
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => out.extend(embedded_files(d)),
            include_dir::DirEntry::File(f) => out.push(f),
        }
    }
    out
}

/// The files below `dir` by their `/`-separated name, through
/// [`Bounds`]: a theme file linked from outside the playbook is an error.
fn files_below(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    Bounds::new(root)
        .files(dir, diags)
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(dir).ok()?;
            let name = rel.to_str()?.replace('\\', "/");
            Some((name, path))
        })
        .collect()
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
    mut add: impl FnMut(String, String, String),
) {
    for (name, path) in files_below(root, dir, diags) {
        let shown = display_path(root, &path);
        match crate::walk::read_regular_text(&path) {
            Ok(text) => add(name, shown, text),
            Err(err) => diags.push(
                Diagnostic::error(
                    codes::UNREADABLE_FILE,
                    format!("cannot read this theme file: {err}"),
                )
                .at(&shown, None),
            ),
        }
    }
}

fn load_strings(
    config: &Config,
    i18n: &BTreeMap<String, (String, String)>,
    diags: &mut Diagnostics,
) -> BTreeMap<Lang, BTreeMap<String, String>> {
    let parse = |file: &str, diags: &mut Diagnostics| -> BTreeMap<String, String> {
        let Some((origin, text)) = i18n.get(file) else {
            return BTreeMap::new();
        };
        match toml::from_str::<BTreeMap<String, String>>(text) {
            Ok(map) => map,
            Err(err) => {
                diags.add_source(origin, Arc::from(text.as_str()));
                diags.push(
                    Diagnostic::error(
                        codes::THEME_STRINGS,
                        format!("invalid UI strings: {}", err.message()),
                    )
                    .at(origin, err.span())
                    .help(
                        "an i18n file is a flat table of strings: `governed-by = \"Governed by\"`",
                    ),
                );
                BTreeMap::new()
            }
        }
    };
    let base = parse(&format!("{BASE_STRINGS}.toml"), diags);
    let mut out = BTreeMap::new();
    for language in &config.languages {
        let mut strings = base.clone();
        if language.lang.as_str() != BASE_STRINGS {
            strings.extend(parse(&format!("{}.toml", language.lang), diags));
        }
        for (key, value) in &language.strings {
            if !base.contains_key(key) {
                let mut d = Diagnostic::warning(
                    codes::UNKNOWN_KEY,
                    format!(
                        "unknown UI string `{key}` in [languages.{}.strings]",
                        language.lang
                    ),
                )
                .at("book.toml", Some(value.span.clone()))
                .label("the theme has no such string");
                if let Some(near) = closest(key, base.keys().map(String::as_str)) {
                    d = d.help(format!("did you mean `{near}`?"));
                }
                diags.push(d);
            }
            strings.insert(key.clone(), value.value.clone());
        }
        out.insert(language.lang, strings);
    }
    out
}

/// An error with its causes, one per line.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str("\ncaused by: ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal id in the default templates is one a heading may not
    /// take; ids made from values (`{{ s.anchor }}`) are the print page's
    /// prefixed ones.
    #[test]
    fn every_id_of_the_default_templates_is_reserved_from_headings() {
        let mut found = Vec::new();
        for file in embedded_files(&DEFAULT_THEME) {
            let Some(text) = file.contents_utf8() else {
                continue;
            };
            for rest in text.split(" id=\"").skip(1) {
                let id = &rest[..rest.find('"').unwrap_or(0)];
                if !id.contains("{{") {
                    found.push(id.to_string());
                }
            }
            for rest in text.split("getElementById(\"").skip(1) {
                found.push(rest[..rest.find('"').unwrap_or(0)].to_string());
            }
        }
        assert!(found.len() >= 8, "{found:?}");
        for id in &found {
            assert!(
                crate::markdown::RESERVED_IDS.contains(&id.as_str()),
                "`{id}` is used by a template but not reserved from headings"
            );
        }
    }
}
