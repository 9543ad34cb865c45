//! The strategy map on each language's home, in headless Chromium: the same
//! strategies and tactics as the content says, drawn as a diagram over the
//! nested lists (nodes, connectors, a count on every strategy), a strategy
//! that nothing serves standing out by more than colour, and print keeping
//! every strategy with its tactics.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::browser::Chromium;
use crate::support::PlaybookTest;

/// A note's front matter, as the content folder states it.
fn front_matter(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.strip_prefix("+++\n").expect("front matter first");
    let end = body.find("\n+++").expect("front matter closes");
    toml::from_str(&body[..end]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the map of `lang` must show, read from the content folder rather
/// than from any page: each strategy's title with the sorted titles of the
/// tactics that name it. A note missing in `lang` appears under its
/// default-language title, and its structure comes from there too.
fn expected_map(root: &Path, lang: &str) -> BTreeMap<String, Vec<String>> {
    let book: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("book.toml")).unwrap()).unwrap();
    let default = book["book"]["default-language"]
        .as_str()
        .unwrap()
        .to_string();
    let mut langs: Vec<String> = book["languages"]
        .as_table()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    langs.retain(|l| *l != default);
    langs.insert(0, default);
    // id -> front matter of the note in the first language that has it.
    let mut structure: BTreeMap<String, toml::Table> = BTreeMap::new();
    for l in &langs {
        let folder = root.join("content").join(l);
        for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "md")
                || path.file_name().unwrap() == "_index.md"
            {
                continue;
            }
            let id = path.strip_prefix(&folder).unwrap().with_extension("");
            let id = id.to_string_lossy().replace('\\', "/");
            structure.entry(id).or_insert_with(|| front_matter(path));
        }
    }
    structure.retain(|_, fm| fm.get("draft").and_then(toml::Value::as_bool) != Some(true));
    let title = |id: &str| -> String {
        let own = root.join("content").join(lang).join(format!("{id}.md"));
        let fm = if own.is_file() {
            front_matter(&own)
        } else {
            structure[id].clone()
        };
        fm["title"].as_str().unwrap().to_string()
    };
    let is_strategy = |fm: &toml::Table| {
        fm["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str() == Some("upstream"))
    };
    let mut map = BTreeMap::new();
    for (id, fm) in &structure {
        if is_strategy(fm) {
            let mut tactics: Vec<String> = structure
                .iter()
                .filter(|(_, t)| t.get("strategy").and_then(toml::Value::as_str) == Some(id))
                .map(|(tid, _)| title(tid))
                .collect();
            tactics.sort();
            assert!(
                map.insert(title(id), tactics).is_none(),
                "two strategies titled alike"
            );
        }
    }
    map
}

/// A UI string of the default theme.
fn ui_string(lang: &str, key: &str) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{lang}.toml"));
    let strings: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    strings[key].as_str().unwrap().to_string()
}

/// The map as the browser shows it: per strategy node, its title, badge,
/// and the titles of the tactics hanging from it, in the nested lists'
/// structure (`ol > li`, then `ul > li` inside that `li`).
const READ_MAP: &str = "[...document.querySelectorAll('section.map > ol.strategy-map > li.map-strategy')].map(li => ({\
    title: li.querySelector(':scope > .map-node .map-strategy-title a').textContent,\
    count: li.querySelector(':scope > .map-node .map-count')?.textContent,\
    tactics: [...li.querySelectorAll(':scope > ul.map-tactics > li.map-tactic a')].map(a => a.textContent),\
}))";

/// Whether the map is drawn as a diagram: every tactic node sits below its
/// strategy node and indented from it, joined by a visible connector; every
/// badge is visible. Returns the nodes that are not.
const CHECK_DRAWING: &str = "[...document.querySelectorAll('ol.strategy-map > li.map-strategy')].flatMap(li => {\
    const node = li.querySelector(':scope > .map-node').getBoundingClientRect();\
    const badge = li.querySelector('.map-count');\
    const bad = [];\
    if (!badge || badge.getBoundingClientRect().height === 0 || getComputedStyle(badge).visibility !== 'visible') bad.push('badge of ' + li.textContent.trim().slice(0, 30));\
    for (const t of li.querySelectorAll(':scope > ul.map-tactics > li.map-tactic')) {\
        const box = t.querySelector('.map-tactic-node').getBoundingClientRect();\
        const line = getComputedStyle(t, '::before');\
        if (box.top < node.bottom || box.left <= node.left || box.right > node.right + 1) bad.push('place of ' + t.textContent);\
        if (line.borderLeftStyle === 'none' || parseFloat(line.borderLeftWidth) === 0 || parseFloat(line.height) === 0) bad.push('connector of ' + t.textContent);\
    }\
    return bad;\
})";

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn each_home_maps_exactly_the_strategies_and_the_tactics_that_name_them() {
    let t = PlaybookTest::shipped();
    let site = t.build_beside();
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    for lang in ["en", "de", "pt"] {
        let expected = expected_map(&t.root, lang);
        assert!(expected.len() >= 6, "{lang}: {expected:?}");
        for width in [375, 1280] {
            chromium.call(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 400 }),
                Some(&session),
            );
            chromium.navigate(&session, &file_url(&site.join(lang).join("index.html")));
            let shown = chromium.eval(&session, READ_MAP);
            let mut map = BTreeMap::new();
            for node in shown.as_array().unwrap() {
                let title = node["title"].as_str().unwrap().to_string();
                let mut tactics: Vec<String> =
                    serde_json::from_value(node["tactics"].clone()).unwrap();
                tactics.sort();
                let count = match tactics.len() {
                    0 => ui_string(lang, "map-count-none"),
                    1 => ui_string(lang, "map-count-one"),
                    n => ui_string(lang, "map-count-many").replace("{count}", &n.to_string()),
                };
                assert_eq!(node["count"], json!(count), "{lang}: the badge of {title}");
                assert!(
                    map.insert(title, tactics).is_none(),
                    "{lang}: a strategy shown twice"
                );
            }
            assert_eq!(map, expected, "{lang} at {width}px");
            assert_eq!(
                chromium.eval(&session, CHECK_DRAWING),
                json!([]),
                "{lang} at {width}px"
            );
        }
    }

    // In print every strategy stays on one page with its tactics, so no
    // connector is cut by a page break.
    chromium.call(
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
        Some(&session),
    );
    chromium.navigate(&session, &file_url(&site.join("en/index.html")));
    let split = chromium.eval(
        &session,
        "[...document.querySelectorAll('li.map-strategy')].filter(li => getComputedStyle(li).breakInside !== 'avoid').length",
    );
    assert_eq!(split, json!(0), "a strategy may break across pages");
    assert_eq!(
        chromium.eval(&session, CHECK_DRAWING),
        json!([]),
        "in print"
    );
}

#[test]
fn a_strategy_without_tactics_stands_out_by_its_outline_and_a_label() {
    let t = PlaybookTest::shipped();
    t.file(
        "content/en/brand.md",
        "+++\ntitle = \"Brand architecture\"\ntags = [\"upstream\"]\nsummary = \"How product names relate to the company brand.\"\n+++\n\nHow the names hang together.\n",
    );
    let site = t.build_beside();
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    for lang in ["en", "pt"] {
        let label = ui_string(lang, "map-count-none");
        for scheme in ["light", "dark"] {
            chromium.call(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
                Some(&session),
            );
            chromium.navigate(&session, &file_url(&site.join(lang).join("index.html")));
            let nodes: Value = chromium.eval(
                &session,
                "[...document.querySelectorAll('section.map > ol.strategy-map > li')].map(li => {\
                    const node = li.querySelector(':scope > .map-node');\
                    const style = getComputedStyle(node);\
                    const badge = node.querySelector('.map-count');\
                    const shown = badge?.getBoundingClientRect();\
                    return {\
                        title: node.querySelector('h3 a').textContent,\
                        outline: style.borderTopStyle + ' ' + style.borderTopColor,\
                        badge: badge && shown.width > 0 && shown.height > 0 && getComputedStyle(badge).visibility === 'visible' ? badge.innerText : '',\
                        tactics: li.querySelectorAll(':scope > ul > li').length,\
                    };\
                })",
            );
            let nodes = nodes.as_array().unwrap();
            let (empty, others): (Vec<&Value>, Vec<&Value>) = nodes
                .iter()
                .partition(|n| n["title"] == json!("Brand architecture"));
            assert_eq!(empty.len(), 1, "{lang}: {nodes:?}");
            let empty = empty[0];
            assert_eq!(empty["tactics"], json!(0));
            assert_eq!(
                empty["badge"],
                json!(label),
                "{lang} {scheme}: the label is not visible"
            );
            assert!(others.len() >= 6);
            for other in others {
                assert!(other["tactics"].as_u64().unwrap() > 0, "{other}");
                assert_ne!(other["badge"], json!(label), "{lang} {scheme}: {other}");
                assert_ne!(
                    other["outline"], empty["outline"],
                    "{lang} {scheme}: the empty strategy is drawn like {other}"
                );
            }
        }
    }
}
