//! The reader: the module's output (see `layout`) read back into the
//! interpreter's `Evaluation`, so that `Evaluation::outcome()` (decide and
//! explain, unchanged) words it. A malformed output is a Diagnostic, never a panic.

use super::layout::*;
use super::module::Loaded;
use super::prepare::Placed;
use crate::dates::Day;
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::decide::{decide_without_questions, verdict, Decision, Verdict};
use crate::eval::{Evaluation, Loc, RawFact, RawNeed, RuleResult, Status, Target, V};
use crate::form::{FormData, Val};
use crate::span::Span;

fn output_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::E_INTERNAL, Span::default(), format!("The compiled rule set failed on this form: {}", message.into()))
}

fn cut() -> Diagnostic {
    output_error("its result is cut short")
}

/// A rule's result and its numbers of reasons and questions, checked against each other.
fn read_header(r: &mut Reader) -> Result<(Status, usize, usize), Diagnostic> {
    let head = r.entry(OUT_RULE).ok_or_else(cut)?;
    // The header taken once as an array: its three words are then read with
    // no further bounds checks (this is most of the decision's reading).
    let h: [u8; OUT_RULE as usize] = r.bytes.get(head..head + OUT_RULE as usize).and_then(|h| h.try_into().ok()).ok_or_else(cut)?;
    let word = |at: u32| {
        let at = at as usize;
        u32::from_le_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]])
    };
    let status = match word(OUT_RESULT) {
        NOT_FIRED => Status::NotFired,
        FIRED => Status::Fired,
        UNDECIDED => Status::Undecided,
        s => return Err(output_error(format!("a rule's result is {s}, not 0, 1 or 2"))),
    };
    let nf = word(OUT_FACTS) as usize;
    let nn = word(OUT_NEEDS) as usize;
    if (status != Status::Fired && nf != 0) || (status != Status::Undecided && nn != 0) {
        return Err(output_error("a rule has reasons or questions that its result does not allow"));
    }
    Ok((status, nf, nn))
}

impl Loaded {
    /// The module's output read back into the interpreter's `Evaluation`.
    /// `output` is what `run` points at, its 4-byte length included: the
    /// caller copies `4 + length` bytes from that address.
    pub fn finish<'a>(&'a self, form: &'a FormData, date: Day, output: &[u8]) -> Result<Evaluation<'a, 'a>, Diagnostic> {
        // The same walk as `prepare`, without writing the bytes: only where each record and text is.
        let lay = self.lay(form, date, false);
        self.read_output(form, date, &Lay { locs: &lay.locs, texts: &lay.texts }, output)
    }

    /// `finish` for a form `prepare_placed` laid out, with what it gave:
    /// the form is not walked again, only each text looked up where it was
    /// put. A `placed` from another form is refused (a record or text it
    /// names is not in this form) or names this form's own answers: the
    /// runtime keeps the two together.
    pub fn finish_placed<'a>(
        &'a self,
        form: &'a FormData,
        date: Day,
        placed: &Placed,
        output: &[u8],
    ) -> Result<Evaluation<'a, 'a>, Diagnostic> {
        let texts = placed
            .text_at
            .iter()
            .map(|&(rec, field)| self.text_in(form, placed.locs.get(rec as usize)?, field))
            .collect::<Option<Vec<&str>>>()
            .ok_or_else(|| output_error("the form is not the one laid out for it"))?;
        self.read_output(form, date, &Lay { locs: &placed.locs, texts: &texts }, output)
    }

    /// The text answer to `field` in the record at `loc`, if the form has one there.
    fn text_in<'a>(&self, form: &'a FormData, loc: &Loc, field: usize) -> Option<&'a str> {
        let fields = &self.program.schema.fields;
        let mut rec = &form.root;
        for &(f, i) in loc.steps() {
            match rec.vals.get(fields.get(f as usize)?.slot) {
                Some(Val::List(items)) => rec = items.get(i as usize)?,
                _ => return None,
            }
        }
        match rec.vals.get(fields.get(field)?.slot) {
            Some(Val::Text { words, .. }) => Some(words.as_str()),
            _ => None,
        }
    }

    fn read_output<'a>(
        &'a self,
        form: &'a FormData,
        date: Day,
        lay: &Lay<'_, 'a>,
        output: &[u8],
    ) -> Result<Evaluation<'a, 'a>, Diagnostic> {
        let mut r = framed(output)?;
        let p = &self.program;
        let mut ev = Evaluation {
            program: p,
            form,
            date,
            rules: Vec::with_capacity(p.rules.len()),
            floors: Vec::with_capacity(p.floors.len()),
            facts: Vec::new(),
            needs: Vec::new(),
        };
        let (mut facts, mut needs) = (Vec::new(), Vec::new());
        for i in 0..p.rules.len() + p.floors.len() {
            let res = self.read_result(&mut r, &lay, &mut facts, &mut needs, &mut ev)?;
            if i < p.rules.len() {
                ev.rules.push(res);
            } else {
                ev.floors.push(res);
            }
        }
        if r.at != r.bytes.len() {
            return Err(output_error(format!("its result has {} bytes left over", r.bytes.len() - r.at)));
        }
        Ok(ev)
    }

    /// The decision alone from the module's output, without the reasons,
    /// the questions or the form: only each rule's and floor's result is
    /// read, and the reasons and questions are stepped over (their counts
    /// still checked against the result and the output's length). Nothing is
    /// worded, so this allocates no string.
    pub fn decision(&self, output: &[u8]) -> Result<Decision, Diagnostic> {
        let results = self.results(output)?;
        let (rules, floors) = results.split_at(self.program.rules.len());
        Ok(decide_without_questions(&self.program, rules, floors))
    }

    /// Only what the runtime's `decision` reports (`Verdict`), from the module's
    /// output: the results read as `decision` reads them, and nothing else
    /// of the decision worked out. The output of the module's `decide`
    /// (every rule's counts 0) is read the same way.
    pub fn verdict(&self, output: &[u8]) -> Result<Verdict, Diagnostic> {
        let results = self.results(output)?;
        let (rules, floors) = results.split_at(self.program.rules.len());
        Ok(verdict(&self.program, rules, floors))
    }

    /// Each rule's and floor's result, with no reasons or questions: those
    /// are stepped over (their counts still checked against the result and
    /// the output's length).
    fn results(&self, output: &[u8]) -> Result<Vec<RuleResult>, Diagnostic> {
        let mut r = framed(output)?;
        let p = &self.program;
        let mut results = Vec::with_capacity(p.rules.len() + p.floors.len());
        for _ in 0..p.rules.len() + p.floors.len() {
            let (status, nf, nn) = read_header(&mut r)?;
            let size = (nf as u64) * FACT as u64 + (nn as u64) * NEED as u64;
            r.entry(u32::try_from(size).map_err(|_| cut())?).ok_or_else(cut)?;
            results.push(RuleResult { status, facts: 0..0, needs: 0..0 });
        }
        if r.at != r.bytes.len() {
            return Err(output_error(format!("its result has {} bytes left over", r.bytes.len() - r.at)));
        }
        Ok(results)
    }

    /// One rule's result, its repeats removed exactly as `eval::Ev::decide` does.
    fn read_result<'a>(
        &'a self,
        r: &mut Reader,
        lay: &Lay<'_, 'a>,
        facts: &mut Vec<RawFact<'a>>,
        needs: &mut Vec<RawNeed>,
        ev: &mut Evaluation<'a, 'a>,
    ) -> Result<RuleResult, Diagnostic> {
        let (status, nf, nn) = read_header(r)?;
        facts.clear();
        needs.clear();
        for _ in 0..nf {
            facts.push(self.read_fact(r, lay)?);
        }
        for _ in 0..nn {
            let at = r.entry(NEED).ok_or_else(cut)?;
            let field = r.u32_at(at, NEED_FIELD).ok_or_else(cut)? as usize;
            let rec = r.u32_at(at, NEED_RECORD).ok_or_else(cut)? as usize;
            if field >= self.program.schema.fields.len() {
                return Err(output_error(format!("a question names field {field}, which the rule set does not have")));
            }
            let loc =
                *lay.locs.get(rec).ok_or_else(|| output_error(format!("a question names record {rec}, which the form does not have")))?;
            needs.push(RawNeed { field, loc });
        }
        let fact_start = ev.facts.len();
        for f in facts.drain(..) {
            match ev.facts[fact_start..].iter_mut().find(|o| o.target == f.target && o.loc == f.loc) {
                Some(o) => {
                    if o.matched.is_none() {
                        o.matched = f.matched;
                    }
                }
                None => ev.facts.push(f),
            }
        }
        let need_start = ev.needs.len();
        for n in needs.drain(..) {
            if !ev.needs[need_start..].contains(&n) {
                ev.needs.push(n);
            }
        }
        Ok(RuleResult { status, facts: fact_start..ev.facts.len(), needs: need_start..ev.needs.len() })
    }

    fn read_fact<'a>(&'a self, r: &mut Reader, lay: &Lay<'_, 'a>) -> Result<RawFact<'a>, Diagnostic> {
        let at = r.entry(FACT).ok_or_else(cut)?;
        let target = r.u32_at(at, FACT_TARGET).ok_or_else(cut)?;
        let rec = r.u32_at(at, FACT_RECORD).ok_or_else(cut)? as usize;
        let tag = r.u32_at(at, FACT_TAG).ok_or_else(cut)?;
        let matched = r.u32_at(at, FACT_MATCHED).ok_or_else(cut)?;
        let a = r.u64_at(at, FACT_A).ok_or_else(cut)?;
        let b = r.u64_at(at, FACT_B).ok_or_else(cut)?;
        let target = if target & DEF != 0 {
            let d = (target & !DEF) as usize;
            if d >= self.program.defs.len() {
                return Err(output_error(format!("a reason names definition {d}, which the rule set does not have")));
            }
            Target::Def(d)
        } else {
            if target as usize >= self.program.schema.fields.len() {
                return Err(output_error(format!("a reason names field {target}, which the rule set does not have")));
            }
            Target::Field(target as usize)
        };
        let loc = *lay.locs.get(rec).ok_or_else(|| output_error(format!("a reason names record {rec}, which the form does not have")))?;
        let value = match tag {
            TAG_MISSING => V::Unknown,
            TAG_BOOL => V::Bool(a != 0),
            TAG_NUM => V::Num(f64::from_bits(a), f64::from_bits(b)),
            TAG_TEXT => V::Text(
                self.text(lay, a as u32)
                    .ok_or_else(|| output_error(format!("a reason names text {a}, which is neither in the form nor in the rules")))?,
            ),
            TAG_DATE => V::Date(Day(a as u32 as i32)),
            // An option is a bit of a 64-bit set when explained: a larger number is not one.
            TAG_CHOICE if a < 64 => V::Choice(a as u32),
            TAG_CHOICES => V::Choices { ticked: a, asked: b },
            t => return Err(output_error(format!("a reason has a value of kind {t}, which is not one the engine knows"))),
        };
        let matched = match matched {
            0 => None,
            m => Some(
                self.phrases
                    .get(m as usize - 1)
                    .map(String::as_str)
                    .ok_or_else(|| output_error(format!("a reason names phrase {m}, which the rules do not have")))?,
            ),
        };
        Ok(RawFact { target, loc, value, matched })
    }

    fn text<'a>(&'a self, lay: &Lay<'_, 'a>, handle: u32) -> Option<&'a str> {
        if handle & LITERAL != 0 {
            self.texts.get((handle & !LITERAL) as usize).map(String::as_str)
        } else {
            lay.texts.get(handle as usize).copied()
        }
    }
}

/// Where each record and text of the form went: from laying it out again
/// (`finish`) or from what `prepare_placed` kept (`finish_placed`).
struct Lay<'l, 'a> {
    locs: &'l [Loc],
    texts: &'l [&'a str],
}

/// A reader over the module's output as its 4-byte length says it is: the
/// same framing for the whole outcome and the decision alone.
fn framed(output: &[u8]) -> Result<Reader<'_>, Diagnostic> {
    let mut r = Reader { bytes: output, at: 0 };
    let len = r.u32().ok_or_else(|| output_error("its result is empty"))? as usize;
    if output.len() - (OUT_LENGTH as usize) < len {
        return Err(output_error(format!(
            "its result says it is {len} bytes long but only {} were read",
            output.len() - OUT_LENGTH as usize
        )));
    }
    r.bytes = &output[..OUT_LENGTH as usize + len];
    Ok(r)
}
