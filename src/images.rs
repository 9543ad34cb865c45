//! The pixel size of an image file, read from its header only, so that a
//! page can reserve the image's space before it loads.

use std::io::Read;
use std::path::Path;

/// Raster formats a browser shows, read by `imagesize`.
const RASTER: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico"];

/// How much of an SVG file is searched for its root element.
const SVG_HEAD: u64 = 8 * 1024;

/// The width and height of the image at `path`, or `None` when it is not
/// an image the build can size (another kind of file, an unreadable or
/// damaged header, an SVG without a size of its own).
pub fn size(path: &Path) -> Option<(u32, u32)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext == "svg" {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(SVG_HEAD)
            .read_to_end(&mut head)
            .ok()?;
        return svg_size(&String::from_utf8_lossy(&head));
    }
    if !RASTER.contains(&ext.as_str()) {
        return None;
    }
    let found = imagesize::size(path).ok()?;
    Some((
        u32::try_from(found.width).ok()?,
        u32::try_from(found.height).ok()?,
    ))
}

/// The size an SVG's root element gives itself: its `width` and `height`
/// in pixels (unitless or `px`), else its `viewBox`. Sizes in other units
/// (`%`, `em`) are no pixel size.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let pixels = |name: &str| {
        let value = attribute(tag, name)?;
        let number = value.strip_suffix("px").unwrap_or(value).trim();
        whole(number.parse::<f64>().ok()?)
    };
    if let (Some(w), Some(h)) = (pixels("width"), pixels("height")) {
        return Some((w, h));
    }
    let view: Vec<f64> = attribute(tag, "viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match view[..] {
        [_, _, w, h] => Some((whole(w)?, whole(h)?)),
        _ => None,
    }
}

/// A positive size rounded to whole pixels.
fn whole(n: f64) -> Option<u32> {
    (n.is_finite() && n > 0.0 && n < f64::from(u32::MAX)).then(|| n.round().max(1.0) as u32)
}

/// The value of attribute `name` in a start tag, quoted with `"` or `'`.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let begin = from + at;
        from = begin + name.len();
        let before = tag[..begin].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let after = tag[from..].trim_start();
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &after[1..];
        return Some(&value[..value.find(quote)?]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_takes_its_pixel_size_or_its_view_box() {
        let sized = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640px" height='360'>"#;
        assert_eq!(svg_size(sized), Some((640, 360)));
        let viewed = r#"<svg viewBox="0 0 1200.4 630" width="100%">"#;
        assert_eq!(svg_size(viewed), Some((1200, 630)));
        // `stroke-width` is not `width`.
        let stroke = r#"<svg stroke-width="2" viewBox="0,0,24,24">"#;
        assert_eq!(svg_size(stroke), Some((24, 24)));
        assert_eq!(svg_size(r#"<svg width="10em" height="2em">"#), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn raster_sizes_come_from_the_header() {
        let dir = tempfile::tempdir().unwrap();
        // A GIF header: "GIF89a", width 300 and height 200, little-endian.
        let gif = dir.path().join("chart.GIF");
        std::fs::write(&gif, b"GIF89a\x2c\x01\xc8\x00\x00\x00\x00").unwrap();
        assert_eq!(size(&gif), Some((300, 200)));
        let broken = dir.path().join("broken.png");
        std::fs::write(&broken, b"not a png").unwrap();
        assert_eq!(size(&broken), None);
        let pdf = dir.path().join("brief.pdf");
        std::fs::write(&pdf, b"%PDF-1.7").unwrap();
        assert_eq!(size(&pdf), None);
    }
}
