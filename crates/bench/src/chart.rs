//! The comparison's chart, an SVG drawn by hand: for each load, one bar per
//! program, showing how many times worse than the reference it did, on a
//! logarithmic axis (a 40 ms stall and a 20 µs round trip fit on one page).

use crate::results::Kind;

fn colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Reference => "#9a9a9a",
        Kind::Lesson => "#d9822b",
        Kind::Python => "#3572a5",
    }
}

/// One bar: `factor` times worse than the reference (1 = as good, below 1 =
/// better); `None` draws no bar, only `text`.
#[derive(Debug, Clone)]
pub struct Bar {
    pub kind: Kind,
    /// The row's label (the program).
    pub label: String,
    pub factor: Option<f64>,
    /// Shown right of the plot: the measured value (and the factor).
    pub text: String,
}

/// One load: a title row (e.g. `TCP round trip, 4 KiB: p99`) and its bars,
/// reference first.
#[derive(Debug, Clone)]
pub struct Group {
    pub title: String,
    pub bars: Vec<Bar>,
}

const WIDTH: f64 = 800.0;
const LEFT: f64 = 200.0;
const PLOT: f64 = 380.0;
const TOP: f64 = 92.0;
const TITLE_ROW: f64 = 22.0;
const BAR_ROW: f64 = 17.0;
const GAP: f64 = 8.0;

/// Draws `groups` as an SVG document titled `title`, with `caption` (the
/// machine and the date) under it.
pub fn svg(title: &str, caption: &str, groups: &[Group]) -> String {
    let factors = groups.iter().flat_map(|g| &g.bars).filter_map(|b| b.factor);
    let (lo, hi) = axis_range(factors.filter(|f| f.is_finite() && *f > 0.0));
    let x = |f: f64| LEFT + (f.log10() - lo) / (hi - lo) * PLOT;
    let rows: f64 = (groups.iter())
        .map(|g| TITLE_ROW + BAR_ROW * g.bars.len() as f64 + GAP)
        .sum();
    let (bottom, height) = (TOP + rows, TOP + rows + 40.0);
    let (title, caption) = (escape(title), escape(caption));
    let mut svg = vec![format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="15" font-weight="bold">{title}</text>
<text x="10" y="40" fill="#555">{caption}</text>"##
    )];
    // The axis: one grid line per power of ten, labelled.
    let (grid_top, label_y) = (TOP - 8.0, TOP - 12.0);
    for decade in lo as i32..=hi as i32 {
        let f = 10f64.powi(decade);
        let (gx, label) = (x(f), show_factor(f));
        let stroke = if decade == 0 { "#333" } else { "#ddd" };
        svg.push(format!(
            r##"<line x1="{gx:.1}" y1="{grid_top}" x2="{gx:.1}" y2="{bottom}" stroke="{stroke}"/>"##
        ));
        svg.push(format!(
            r##"<text x="{gx:.1}" y="{label_y}" text-anchor="middle" fill="#555">{label}</text>"##
        ));
    }
    let mid_plot = LEFT + PLOT / 2.0;
    svg.push(format!(
        r##"<text x="{mid_plot}" y="62" text-anchor="middle" fill="#555">times worse than the reference (log scale; left of 1x is better)</text>"##
    ));
    let mut y = TOP;
    for group in groups {
        let (title_y, title) = (y + 15.0, escape(&group.title));
        svg.push(format!(
            r##"<text x="10" y="{title_y:.1}" font-weight="bold">{title}</text>"##
        ));
        y += TITLE_ROW;
        for bar in &group.bars {
            let mid = y + BAR_ROW / 2.0;
            let (text_y, label) = (mid + 4.0, escape(&bar.label));
            svg.push(format!(r##"<text x="20" y="{text_y:.1}">{label}</text>"##));
            if let Some(f) = bar.factor.filter(|f| f.is_finite() && *f > 0.0) {
                let (a, b) = (x(1.0), x(f.clamp(10f64.powf(lo), 10f64.powf(hi))));
                let (left, width) = (a.min(b), (a - b).abs().max(2.0));
                let (bar_y, fill) = (mid - 5.5, colour(bar.kind));
                svg.push(format!(
                    r##"<rect x="{left:.1}" y="{bar_y:.1}" width="{width:.1}" height="11" fill="{fill}"/>"##
                ));
            }
            let (text_x, text) = (LEFT + PLOT + 10.0, escape(&bar.text));
            svg.push(format!(
                r##"<text x="{text_x:.1}" y="{text_y:.1}" fill="#333">{text}</text>"##
            ));
            y += BAR_ROW;
        }
        y += GAP;
    }
    // The legend, a key a kind.
    let (key_y, text_y) = (y + 8.0, y + 18.0);
    for (lx, kind) in [10.0, 180.0, 350.0].into_iter().zip(Kind::ALL) {
        let (fill, text_x, heading) = (colour(kind), lx + 18.0, kind.heading());
        svg.push(format!(
            r##"<rect x="{lx}" y="{key_y:.1}" width="12" height="12" fill="{fill}"/><text x="{text_x:.1}" y="{text_y:.1}">{heading}</text>"##
        ));
    }
    svg.push("</svg>\n".to_string());
    svg.join("\n")
}

/// The axis range in powers of ten: always 0.1x to at least 10x, widened to
/// hold every factor.
fn axis_range(factors: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (-1.0f64, 1.0f64);
    for f in factors {
        lo = lo.min(f.log10().floor());
        hi = hi.max(f.log10().ceil());
    }
    (lo.max(-3.0), hi.min(6.0))
}

/// `0.1x`, `1x`, `10x`, `1000x`.
fn show_factor(f: f64) -> String {
    if f < 1.0 {
        format!("{f}x")
    } else {
        format!("{f:.0}x")
    }
}

/// Text made safe for SVG.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_grow_right_for_worse_and_left_for_better() {
        let bar = |kind, factor| Bar {
            kind,
            label: "x".into(),
            factor: Some(factor),
            text: "t".into(),
        };
        let svg = svg(
            "t",
            "c <&>",
            &[Group {
                title: "g".into(),
                bars: vec![bar(Kind::Reference, 1.0), bar(Kind::Python, 100.0)],
            }],
        );
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("c &lt;&amp;&gt;"));
        // 0.1x to 100x: three decades over the plot; 1x sits a third across.
        let one = LEFT + PLOT / 3.0;
        assert!(svg.contains(&format!(r##"<rect x="{one:.1}""##)), "{svg}");
        assert!(svg.contains(&format!(r##"width="{:.1}""##, PLOT * 2.0 / 3.0)));
        assert_eq!(axis_range([0.5, 3000.0].into_iter()), (-1.0, 4.0));
    }
}
