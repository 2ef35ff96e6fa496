//! The codebook page (`docs/CODEBOOK.md`), generated from the knowledge files.

use crate::codebook::Codebook;
use crate::patterns::{PatternSet, Slot};
use std::fmt::Write;

fn slot(s: &Slot) -> String {
    match s {
        Slot::Obj => "object".into(),
        Slot::Iobj => "indirect object".into(),
        Slot::Prep(p) => format!("*{p}* …"),
        Slot::None => "none".into(),
    }
}

/// Renders the codebook and every pattern and transform as Markdown.
pub fn codebook_markdown(cb: &Codebook, ps: &PatternSet) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# dateline event codebook\n\n_Generated from `knowledge/events/` by `crates/events/src/docgen.rs`; do not edit. \
         Regenerate with `DATELINE_BLESS=1 cargo test -p dateline-events --test codebook`._\n"
    );
    let _ = writeln!(out, "## Patterns by CAMEO root\n");
    let roots: Vec<_> = cb.codes().filter(|c| c.code.len() == 2).collect();
    for root in roots {
        let pats: Vec<_> = ps
            .patterns
            .iter()
            .filter(|p| p.code.starts_with(&root.code))
            .collect();
        let _ = writeln!(
            out,
            "### {} {} (QuadClass {}, Goldstein {:+.1})\n",
            root.code, root.name, root.quad_class, root.goldstein
        );
        if pats.is_empty() {
            let _ = writeln!(
                out,
                "No pattern codes this root directly (transforms may).\n"
            );
            continue;
        }
        for p in pats {
            let info = cb.get(&p.code);
            let plover = cb.plover(&p.code).map(|x| {
                let mut s = x.event_type.clone();
                if let Some(m) = &x.mode {
                    s.push_str(&format!(" / {m}"));
                }
                s
            });
            let _ = writeln!(
                out,
                "**`{}`** → `{}` {} (Goldstein {:+.1}; PLOVER {})  ",
                p.id,
                p.code,
                info.map(|i| i.name.as_str()).unwrap_or(""),
                info.map(|i| i.goldstein).unwrap_or(0.0),
                plover.as_deref().unwrap_or("none")
            );
            if !p.verbs.is_empty() {
                let v: Vec<String> = p.verbs.iter().map(|w| w.join(" ")).collect();
                let _ = writeln!(out, "verbs: {}  ", v.join(", "));
            }
            if !p.nouns.is_empty() {
                let v: Vec<String> = p.nouns.iter().map(|w| w.join(" ")).collect();
                let _ = writeln!(out, "nouns: {}  ", v.join(", "));
            }
            if !p.object.is_empty() {
                let v: Vec<String> = p.object.iter().map(|w| w.join(" ")).collect();
                let _ = writeln!(out, "object must be: {}  ", v.join(", "));
            }
            if !p.unless.is_empty() {
                let _ = writeln!(out, "not with object: {}  ", p.unless.join(", "));
            }
            let t: Vec<String> = p.target.iter().map(slot).collect();
            let _ = writeln!(
                out,
                "target: {}{}  ",
                t.join(", then "),
                if p.symmetric { " (symmetric)" } else { "" }
            );
            if let Some(n) = &p.negated {
                let _ = writeln!(out, "negated: codes `{n}` instead  ");
            }
            if p.target_place {
                let _ = writeln!(out, "target place: a target phrase naming no actor takes the country of a place in it  ");
            }
            if let Some(r) = &p.reciprocal {
                let _ = writeln!(
                    out,
                    "reciprocal: also codes `{r}` from the target to the source  "
                );
            }
            for e in &p.examples {
                let _ = writeln!(out, "example: _{e}_  ");
            }
            for n in &p.not {
                let _ = writeln!(out, "does not code: {n}  ");
            }
            for n in &p.notes {
                let _ = writeln!(out, "note: {n}  ");
            }
            let _ = writeln!(out, "({}:{})\n", p.file, p.line);
        }
    }
    let _ = writeln!(out, "## Transforms\n");
    for t in &ps.transforms {
        let g: Vec<String> = t.governors.iter().map(|w| w.join(" ")).collect();
        let m: Vec<String> = t.map.iter().map(|(a, b)| format!("{a}→{b}")).collect();
        let _ = writeln!(
            out,
            "**{:?}** ({}:{}): governors {}  ",
            t.kind,
            t.file,
            t.line,
            g.join(", ")
        );
        let _ = writeln!(out, "map: {}  ", m.join(", "));
        for e in &t.examples {
            let _ = writeln!(out, "example: _{e}_  ");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## The CAMEO 1.1b3 codes\n\n| code | name | Goldstein | QuadClass | PLOVER |\n|---|---|---|---|---|");
    for c in cb.codes() {
        let pl = cb
            .plover(&c.code)
            .map(|p| p.event_type.as_str())
            .unwrap_or("");
        let _ = writeln!(
            out,
            "| {} | {} | {:+.1} | {} | {} |",
            c.code, c.name, c.goldstein, c.quad_class, pl
        );
    }
    out
}
