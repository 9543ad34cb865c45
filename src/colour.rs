//! The accent colour of `[build] accent`: read from `#rrggbb`, and shaded
//! so that links in it stay readable on the theme's light and dark
//! backgrounds (WCAG's 4.5:1 for text), whatever colour a team picks.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    /// Red, 0 to 255.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

/// The theme's page backgrounds, light and dark.
const LIGHT_BACKGROUND: Colour = Colour::rgb(0xff, 0xff, 0xff);
const DARK_BACKGROUND: Colour = Colour::rgb(0x12, 0x15, 0x1c);
/// A little above WCAG AA's 4.5:1, so rounding never drops below it.
const TEXT_CONTRAST: f64 = 4.6;

impl Colour {
    /// A colour from its channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b }
    }

    /// `#rrggbb`, in either case.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour::rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// WCAG's relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG's contrast ratio between two colours, 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// This colour moved `amount` (0 to 1) of the way towards `to`.
    pub fn mix(self, to: Colour, amount: f64) -> Colour {
        let m =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Colour::rgb(m(self.r, to.r), m(self.g, to.g), m(self.b, to.b))
    }

    /// The nearest shade towards `towards` that reads as text on
    /// `background`: the colour itself when it already does.
    fn readable_on(self, background: Colour, towards: Colour) -> Colour {
        (0..=20)
            .map(|step| self.mix(towards, f64::from(step) / 20.0))
            .find(|c| c.contrast(background) >= TEXT_CONTRAST)
            .unwrap_or(towards)
    }
}

/// The accent's shades for the theme's variables: text and a soft
/// background, each for the light and the dark scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccentShades {
    /// Links and marks on light pages.
    pub light: Colour,
    /// Chips and highlights behind text on light pages.
    pub light_soft: Colour,
    /// Links and marks on dark pages.
    pub dark: Colour,
    /// Chips and highlights on dark pages.
    pub dark_soft: Colour,
}

impl AccentShades {
    /// The shades of `accent`.
    pub fn of(accent: Colour) -> AccentShades {
        let black = Colour::rgb(0, 0, 0);
        let white = Colour::rgb(0xff, 0xff, 0xff);
        // The soft shades are backgrounds that links sit on (chips, the
        // current page in the sidebar): the text shades are made readable
        // on them, which is stricter than on the page itself.
        let light_soft = LIGHT_BACKGROUND.mix(accent, 0.1);
        let dark_soft = DARK_BACKGROUND.mix(accent, 0.25);
        let light = accent.readable_on(light_soft, black);
        // Dark pages want a lighter shade of the same hue.
        let dark = accent.mix(white, 0.35).readable_on(dark_soft, white);
        AccentShades {
            light,
            light_soft,
            dark,
            dark_soft,
        }
    }

    /// The theme variables they set, as one CSS rule.
    pub fn css(&self) -> String {
        format!(
            ":root{{--accent:light-dark({},{});--accent-soft:light-dark({},{})}}",
            self.light.hex(),
            self.dark.hex(),
            self.light_soft.hex(),
            self.dark_soft.hex()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_six_digit_hex_only() {
        assert_eq!(
            Colour::parse("#1D56b0"),
            Some(Colour::rgb(0x1d, 0x56, 0xb0))
        );
        for bad in ["1d56b0", "#1d5", "#1d56b0ff", "#gg0000", "", "#"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
        assert_eq!(Colour::rgb(0x1d, 0x56, 0xb0).hex(), "#1d56b0");
    }

    #[test]
    fn contrast_follows_wcag() {
        let black = Colour::rgb(0, 0, 0);
        let white = Colour::rgb(255, 255, 255);
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // WCAG's own example: #777 on white is just under 4.5:1.
        let grey = Colour::rgb(0x77, 0x77, 0x77);
        assert!((grey.contrast(white) - 4.48).abs() < 0.01);
    }

    #[test]
    fn every_accent_gets_readable_shades_in_both_schemes() {
        for hex in [
            "#1d56b0", "#ffcc00", "#ffffff", "#000000", "#e4007c", "#00a86b",
        ] {
            let shades = AccentShades::of(Colour::parse(hex).unwrap());
            assert!(
                shades.light.contrast(LIGHT_BACKGROUND) >= 4.5,
                "{hex}: {shades:?}"
            );
            assert!(
                shades.dark.contrast(DARK_BACKGROUND) >= 4.5,
                "{hex}: {shades:?}"
            );
            // Links on the soft backgrounds stay readable too.
            assert!(
                shades.light.contrast(shades.light_soft) >= 4.5,
                "{hex}: {shades:?}"
            );
            assert!(
                shades.dark.contrast(shades.dark_soft) >= 4.5,
                "{hex}: {shades:?}"
            );
        }
        // A dark enough colour is kept as it is.
        let blue = Colour::parse("#1d56b0").unwrap();
        assert_eq!(AccentShades::of(blue).light, blue);
    }
}
