//! GFM's extended autolinks: where a bare `www.` host, `http://`,
//! `https://` or `ftp://` URL, email address, or `mailto:`/`xmpp:` address
//! in text becomes a link, by the rules of the GFM spec (section 6.9).
//! Written here because the general-purpose finders (`linkify`) draw the
//! edges differently: parentheses, entity references, single-letter
//! domains and the `xmpp:` resource.

use std::ops::Range;

/// A link found in text: its bytes there and the URL it links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The link's text, as bytes of the searched text.
    pub range: Range<usize>,
    /// Its URL: the text itself, with `http://` before a `www.` host and
    /// `mailto:` before a bare address.
    pub href: String,
}

/// Every extended autolink in `text`, in order.
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    // The end of the last link: an address's local part cannot reach back
    // into it.
    let mut done = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        // A link starts only at one of these ASCII letters or at an
        // address's `@`; being ASCII, each is also a character boundary.
        if !matches!(
            bytes[at],
            b'w' | b'h' | b'H' | b'f' | b'F' | b'm' | b'x' | b'@'
        ) {
            at += 1;
            continue;
        }
        let rest = &text[at..];
        let boundary = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '('));
        let found = if boundary {
            www(rest)
                .map(|len| (at..at + len, format!("http://{}", &rest[..len])))
                .or_else(|| url(rest).map(|len| (at..at + len, rest[..len].to_string())))
                .or_else(|| protocol(rest).map(|len| (at..at + len, rest[..len].to_string())))
        } else {
            None
        };
        let found = found.or_else(|| {
            if !rest.starts_with('@') {
                return None;
            }
            let start = text[done..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_local(*c))
                .last()
                .map(|(i, _)| done + i)?;
            let len = domain_of_address(&rest[1..])?;
            let end = at + 1 + len;
            Some((start..end, format!("mailto:{}", &text[start..end])))
        });
        match found {
            Some((range, href)) => {
                at = range.end;
                done = range.end;
                out.push(Found { range, href });
            }
            None => at += 1,
        }
    }
    out
}

/// The length of a `www.` link at the start of `text`.
fn www(text: &str) -> Option<usize> {
    if !text.starts_with("www.") {
        return None;
    }
    let domain = domain(text, true)?;
    Some(trim_end(text, path_end(text, domain)))
}

/// The length of an `http://`, `https://` or `ftp://` link at the start of
/// `text`.
fn url(text: &str) -> Option<usize> {
    let scheme = ["http://", "https://", "ftp://"].into_iter().find(|s| {
        text.get(..s.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(s))
    })?;
    let domain = domain(&text[scheme.len()..], false)?;
    Some(trim_end(text, path_end(text, scheme.len() + domain)))
}

/// The length of a `mailto:` or `xmpp:` address at the start of `text`;
/// an `xmpp:` address may end in one `/resource`.
fn protocol(text: &str) -> Option<usize> {
    let (scheme, xmpp) = if text.starts_with("mailto:") {
        ("mailto:", false)
    } else if text.starts_with("xmpp:") {
        ("xmpp:", true)
    } else {
        return None;
    };
    let address = &text[scheme.len()..];
    let at = address.find('@')?;
    if at == 0 || !address[..at].chars().all(is_local) {
        return None;
    }
    let mut len = scheme.len() + at + 1 + domain_of_address(&address[at + 1..])?;
    if xmpp && text[len..].starts_with('/') {
        let resource = text[len + 1..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '@' | '.')))
            .unwrap_or(text.len() - len - 1);
        let resource = text[len + 1..len + 1 + resource]
            .trim_end_matches('.')
            .len();
        if resource > 0 {
            len += 1 + resource;
        }
    }
    Some(len)
}

/// What an address's local part (before `@`) may hold.
fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')
}

/// The length of an address's domain at the start of `text`: letters,
/// digits, `-` and `_` in segments split by `.`, at least one `.`, a
/// final `.` left out, and ending in a letter.
fn domain_of_address(text: &str) -> Option<usize> {
    let run = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(text.len());
    let domain = text[..run].trim_end_matches('.');
    let ends_well = domain
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic());
    (domain.contains('.') && ends_well).then_some(domain.len())
}

/// The length of a valid domain at the start of `text`: segments of
/// letters, digits, `_` and `-` split by `.`, no `_` in the last two
/// segments, and at least one `.` when `needs_period` (a `www.` host;
/// `http://localhost` needs none).
fn domain(text: &str, needs_period: bool) -> Option<usize> {
    let len = text
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(text.len());
    let host = &text[..len];
    // A dot that ends the domain is punctuation after it.
    let host = host.trim_end_matches('.');
    if host.is_empty() || (needs_period && !host.contains('.')) {
        return None;
    }
    let segments: Vec<&str> = host.split('.').collect();
    if segments.iter().rev().take(2).any(|s| s.contains('_')) {
        return None;
    }
    Some(host.len())
}

/// Where a link's path ends: at whitespace or `<`.
fn path_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .map_or(text.len(), |i| from + i)
}

/// Takes trailing punctuation off a link of `len` bytes: `?!.,:*_~`, a `)`
/// that closes no `(` of the link, and an entity reference (`&hl;`).
fn trim_end(text: &str, mut len: usize) -> usize {
    loop {
        let link = &text[..len];
        let Some(last) = link.chars().next_back() else {
            return len;
        };
        let unbalanced = last == ')' && link.matches(')').count() > link.matches('(').count();
        if unbalanced || matches!(last, '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~') {
            len -= 1;
        } else if last == ';' {
            let name = link[..len - 1].trim_end_matches(|c: char| c.is_ascii_alphanumeric());
            if name.ends_with('&') && name.len() < len - 1 {
                len = name.len() - 1;
            } else {
                return len;
            }
        } else {
            return len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each link's text, then its URL.
    fn links(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.href))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        links(text).into_iter().map(|(t, _)| t).collect()
    }

    fn pair(text: &str, href: &str) -> Vec<(String, String)> {
        vec![(text.to_string(), href.to_string())]
    }

    #[test]
    fn www_hosts_get_http_and_lose_trailing_punctuation() {
        assert_eq!(
            links("Visit www.commonmark.org/a.b."),
            pair("www.commonmark.org/a.b", "http://www.commonmark.org/a.b")
        );
        assert_eq!(texts("www.x.org/he<lp"), ["www.x.org/he"]);
        assert!(links("awww.x.org").is_empty());
        assert!(links("www.x_y.z_q").is_empty());
    }

    #[test]
    fn parentheses_and_entities_end_a_link_as_gfm_says() {
        assert_eq!(texts("(www.g.com/q=M+(b))"), ["www.g.com/q=M+(b)"]);
        assert_eq!(texts("www.g.com/q=M+(b)))"), ["www.g.com/q=M+(b)"]);
        assert_eq!(texts("www.g.com/q=(b))+ok"), ["www.g.com/q=(b))+ok"]);
        assert_eq!(texts("www.g.com/q=c&hl;"), ["www.g.com/q=c"]);
        assert_eq!(texts("www.g.com/q=c&hl=en"), ["www.g.com/q=c&hl=en"]);
        assert_eq!(
            links("see https://example.com/pricing, then"),
            pair("https://example.com/pricing", "https://example.com/pricing")
        );
        assert_eq!(texts("http://localhost:3000/"), ["http://localhost:3000/"]);
    }

    #[test]
    fn addresses_need_a_dotted_domain_ending_in_a_letter() {
        assert_eq!(
            links("a.b-c_d@a.b."),
            pair("a.b-c_d@a.b", "mailto:a.b-c_d@a.b")
        );
        assert!(links("a.b-c_d@a.b-").is_empty());
        assert!(links("hello@mail+xyz.example").is_empty());
        assert_eq!(
            texts("hello@mail+xyz.example, but hello+xyz@mail.example is"),
            ["hello+xyz@mail.example"]
        );
        assert_eq!(links("mailto:a@b.c/"), pair("mailto:a@b.c", "mailto:a@b.c"));
        assert_eq!(
            links("xmpp:foo@bar.baz/txt/bin"),
            pair("xmpp:foo@bar.baz/txt", "xmpp:foo@bar.baz/txt")
        );
        assert_eq!(
            texts("xmpp:foo@bar.baz/txt@bin.com"),
            ["xmpp:foo@bar.baz/txt@bin.com"]
        );
        assert_eq!(texts("Grüße an team@example.de!"), ["team@example.de"]);
    }
}
