//! A score's bands: each lowered with its effects, then checked as a whole:
//! overlaps (E301), gaps and totals above the top band (E302), and a first
//! band that leaves a total of 0 uncovered (W404).

use super::declare::Items;
use super::Checker;
use super::Set;
use crate::diagnostics::{Code, Diagnostic};
use crate::program::BandDef;
use crate::syntax::ast::{self, Span};

impl Checker<'_> {
    /// Bands need scores, levels and actions, so they come after the declarations.
    pub(super) fn score_bands(&mut self, items: &Items) {
        let mut score_i = 0;
        for s in &items.scores {
            if self.scores.get(score_i).map(|x| x.id != s.id.name).unwrap_or(true) {
                continue; // a duplicate, already reported
            }
            let bands = self.bands(s);
            self.scores[score_i].bands = bands;
            score_i += 1;
        }
    }

    fn bands(&mut self, s: &ast::Score) -> Vec<BandDef> {
        let mut seen = Set::default();
        let mut bands: Vec<(BandDef, Span)> = Vec::new();
        for b in &s.bands {
            if !self.dup(&mut seen, &b.id, "band") {
                continue;
            }
            if let Some(to) = b.to {
                if to < b.from {
                    self.err(
                        Code::E301,
                        b.range_span,
                        format!("The band `{}` ends ({to}) before it starts ({})", b.id.name, b.from),
                        Some("Write the lower number first: from 6 to 10.".into()),
                    );
                }
            }
            let effects = self.effects(&b.effects);
            bands.push((BandDef { id: b.id.name.clone(), label: b.label.value.clone(), from: b.from, to: b.to, effects }, b.range_span));
        }
        let mut order: Vec<usize> = (0..bands.len()).collect();
        crate::order::sort_by_key(&mut order, |&i| bands[i].0.from);
        if let Some(&first) = order.first() {
            if bands[first].0.from > 0 {
                let d = Diagnostic::warning(
                    Code::W404,
                    self.lines.pos(bands[first].1),
                    format!("No band of `{}` covers a total of 0", s.id.name),
                )
                .with_help(format!(
                    "Start the lowest band from 0, so a form with no points still gets a band: from 0 to {}.",
                    bands[first].0.to.unwrap_or(bands[first].0.from)
                ));
                self.diags.push(d);
            }
        }
        for w in order.windows(2) {
            let (a, b) = (&bands[w[0]].0, &bands[w[1]].0);
            match a.to {
                None => self.err(
                    Code::E301,
                    bands[w[1]].1,
                    format!("The bands `{}` and `{}` overlap", a.id, b.id),
                    Some(format!(
                        "`{}` has no upper end, so it already covers {} and above. Give it an upper end: to {}.",
                        a.id,
                        a.from,
                        b.from - 1
                    )),
                ),
                Some(to) if b.from <= to => self.err(
                    Code::E301,
                    bands[w[1]].1,
                    format!("The bands `{}` and `{}` overlap: both cover {}", a.id, b.id, b.from),
                    Some(format!("Start `{}` from {}, or end `{}` at {}.", b.id, to + 1, a.id, b.from - 1)),
                ),
                Some(to) if b.from > to + 1 => {
                    let gap = if b.from == to + 2 { format!("{}", to + 1) } else { format!("{} to {}", to + 1, b.from - 1) };
                    self.err(
                        Code::E302,
                        bands[w[1]].1,
                        format!("No band of `{}` covers {gap}", s.id.name),
                        Some(format!("Start `{}` from {}, or end `{}` at {}.", b.id, to + 1, a.id, b.from - 1)),
                    );
                }
                _ => {}
            }
        }
        if let Some(&last) = order.last() {
            if bands[last].0.to.is_some() {
                // Totals above the top band fall in no band: point that out, it is easy to miss.
                let top = &bands[last].0;
                self.diags.push(
                    Diagnostic::error(
                        Code::E302,
                        self.lines.pos(bands[last].1),
                        format!("No band of `{}` covers totals above {}", s.id.name, top.to.unwrap_or(0)),
                    )
                    .with_help(format!("Leave out the upper end of the highest band: from {}.", top.from)),
                );
            }
        }
        bands.into_iter().map(|(b, _)| b).collect()
    }
}
