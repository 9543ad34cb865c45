//! The page for editors: how to add and change notes, with this
//! playbook's strategy ids, so that the home page can stay for readers.

use pulldown_cmark_escape::escape_html;
use tera::Context;

use crate::content::CONTENT_DIR;
use crate::ids::Lang;
use crate::routes::{LinkFrom, Route};

use super::Site;
use super::views::*;

/// The steps of adding a note, by UI string key.
const STEPS: [&str; 5] = [
    "editors-step-new",
    "editors-step-strategy",
    "editors-step-fields",
    "editors-step-translate",
    "editors-step-check",
];

/// The commands an editor runs, with the UI string that says what each does.
const COMMANDS: [(&str, &str); 4] = [
    ("playbook serve --open", "editors-serve"),
    ("playbook check", "editors-check"),
    ("playbook translations", "editors-translations"),
    ("playbook explain <code>", "editors-explain"),
];

impl<'a> Site<'a> {
    pub(super) fn editors(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::Editors(lang);
        let playbook = self.playbook;
        let strategies: Vec<EditorsStrategy> = playbook
            .reading_order(lang)
            .filter(|n| n.is_strategy())
            .map(|n| EditorsStrategy {
                link: self.link(n, lang, &from),
                id: n.id.as_str(),
                file: n.versions.get(lang).map(|v| v.source.file.as_str()),
                tactics: playbook.tactics_of(&n.id).len(),
            })
            .collect();
        let example = match strategies.first() {
            Some(s) => format!(
                "playbook new events/roundtables --downstream --strategy {}",
                s.id
            ),
            None => "playbook new positioning --upstream".to_string(),
        };
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            self.t(lang, "editors").to_string(),
            |l| Some(Route::Editors(l)),
            Vec::new(),
        );
        Context::from_serialize(&EditorsPage {
            layout,
            steps: STEPS
                .iter()
                .map(|key| code_spans(self.t(lang, key)))
                .collect(),
            example,
            folder: format!("{CONTENT_DIR}/{lang}/"),
            strategies,
            commands: COMMANDS
                .iter()
                .map(|(command, key)| EditorsCommand {
                    command: command.to_string(),
                    what: code_spans(self.t(lang, key)),
                })
                .collect(),
        })
    }
}

/// A UI string as HTML: escaped, with each `` `code` `` span in `<code>`.
fn code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // An unpaired last backtick stays as it is.
    let paired = text.matches('`').count() / 2 * 2;
    for (i, part) in text.split('`').enumerate() {
        if i > paired {
            out.push('`');
        } else if i % 2 == 1 {
            out.push_str("<code>");
        } else if i > 0 {
            out.push_str("</code>");
        }
        let _ = escape_html(&mut out, part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::code_spans;

    #[test]
    fn backticks_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            code_spans("set `strategy = \"id\"` <here>"),
            "set <code>strategy = &quot;id&quot;</code> &lt;here&gt;"
        );
        assert_eq!(code_spans("no code"), "no code");
        assert_eq!(
            code_spans("a `b` c `d`"),
            "a <code>b</code> c <code>d</code>"
        );
        assert_eq!(code_spans("one ` tick"), "one ` tick");
    }
}
