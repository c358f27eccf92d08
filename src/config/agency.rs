//! `[agency]`: the consultancy whose name the report carries (name, logo, accent colour, contact line,
//! footer), and who reads the report (`[output] audience`).

use std::path::Path;

use base64::Engine;
use serde::{Deserialize, Serialize};

/// The largest logo embedded in a report, in bytes (a logo is a small picture; raise it here if yours is not).
pub(crate) const MAX_LOGO_BYTES: usize = 512 * 1024;

/// Who the report is for: the client reads findings and fixes in plain words; the consultant also sees the
/// setup hints, touchpoint ids and sources.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    /// The business's own copy: what to fix first, without the consultant's working detail.
    Client,
    /// The consultant's copy: every touchpoint with its evidence.
    Consultant,
}

/// The agency's branding, as the report shows it. The logo is embedded (a data URL), so a result re-renders
/// with it anywhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub name: String,
    /// `data:image/png;base64,…`: PNG, JPEG or WebP only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AgencyToml {
    pub name: toml::Spanned<String>,
    pub logo: Option<toml::Spanned<String>>,
    pub accent: Option<toml::Spanned<String>>,
    pub contact: Option<String>,
    pub footer: Option<String>,
}

/// The image formats a logo may be in, by their first bytes. SVG is refused: it can carry script.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A logo file as a data URL, or what is wrong with it.
pub(crate) fn logo_data_url(path: &Path, bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(format!(
            "the logo {} is {} bytes; at most {MAX_LOGO_BYTES} are embedded (MAX_LOGO_BYTES)",
            path.display(),
            bytes.len()
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<svg") || head.trim_start().starts_with("<?xml") {
        return Err(format!(
            "the logo {} is SVG, which can carry script: give a PNG, JPEG or WebP file",
            path.display()
        ));
    }
    let mime =
        image_type(bytes).ok_or_else(|| format!("the logo {} is not a PNG, JPEG or WebP image", path.display()))?;
    Ok(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// `#abc` or `#aabbcc`, as written.
pub(crate) fn valid_colour(colour: &str) -> bool {
    let hex = colour.trim().strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_are_png_jpeg_or_webp_and_never_svg() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(logo_data_url(Path::new("l.png"), png).unwrap().starts_with("data:image/png;base64,iVBOR"));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert!(logo_data_url(Path::new("l.svg"), svg).unwrap_err().contains("SVG"));
        assert!(logo_data_url(Path::new("l.gif"), b"GIF89a").unwrap_err().contains("not a PNG"));
        assert!(logo_data_url(Path::new("big.png"), &vec![0x89; MAX_LOGO_BYTES + 1]).unwrap_err().contains("at most"));
        assert!(valid_colour("#1a73e8") && valid_colour("#fff") && !valid_colour("red") && !valid_colour("#12345"));
    }
}
