//! A CoNLL-U reader: the treebank format used for training and evaluation.

use crate::TextError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One syntactic word of a CoNLL-U sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// Word form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Head as a 1-based word index; 0 for the root.
    pub head: usize,
    /// Dependency relation (with subtype, as in the file).
    pub deprel: String,
    /// Whether a space follows the word's surface token in the raw text.
    pub space_after: bool,
}

/// A multiword token ("don't" = "do" + "n't"): its surface and the words it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiWord {
    /// 0-based index of the first word.
    pub first: usize,
    /// 0-based index of the last word (inclusive).
    pub last: usize,
    /// The surface form.
    pub form: String,
    /// Whether a space follows it.
    pub space_after: bool,
}

/// One sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConlluSentence {
    /// Its words.
    pub words: Vec<Word>,
    /// Its multiword tokens.
    pub multiwords: Vec<MultiWord>,
    /// Whether it opens a paragraph or a document (`# newpar`, `# newdoc`).
    pub new_paragraph: bool,
}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|m| m == "SpaceAfter=No")
}

/// Parses CoNLL-U text; `name` identifies it in errors.
pub fn parse(name: &str, src: &str) -> Result<Vec<ConlluSentence>, TextError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    for (i, line) in src.lines().enumerate() {
        let err = |m: String| TextError::Conllu {
            input: name.to_string(),
            line: i + 1,
            message: m,
        };
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if c.starts_with("newpar") || c.starts_with("newdoc") {
                cur.new_paragraph = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(format!("expected 10 columns, found {}", cols.len())));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let a: usize = a.parse().map_err(|_| err(format!("bad range {id:?}")))?;
            let b: usize = b.parse().map_err(|_| err(format!("bad range {id:?}")))?;
            if a == 0 || b < a {
                return Err(err(format!("bad range {id:?}")));
            }
            cur.multiwords.push(MultiWord {
                first: a - 1,
                last: b - 1,
                form: cols[1].to_string(),
                space_after: space_after(cols[9]),
            });
            continue;
        }
        let n: usize = id.parse().map_err(|_| err(format!("bad word id {id:?}")))?;
        if n != cur.words.len() + 1 {
            return Err(err(format!("word id {n} out of sequence")));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| err(format!("bad head {:?}", cols[6])))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            head,
            deprel: cols[7].to_string(),
            space_after: space_after(cols[9]),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for (k, s) in out.iter().enumerate() {
        if s.words.iter().any(|w| w.head > s.words.len()) {
            return Err(TextError::Conllu {
                input: name.to_string(),
                line: 0,
                message: format!("sentence {} has a head out of range", k + 1),
            });
        }
    }
    Ok(out)
}

/// Reads a CoNLL-U file (gzip when its name ends in `.gz`), or every `.conllu` /
/// `.conllu.gz` file of a directory in name order.
pub fn read_path(path: &Path) -> Result<Vec<ConlluSentence>, TextError> {
    let io = |e: std::io::Error, p: &Path| TextError::Io {
        path: p.display().to_string(),
        source: e,
    };
    let mut files: Vec<PathBuf> = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).map_err(|e| io(e, path))? {
            let p = entry.map_err(|e| io(e, path))?.path();
            let name = p.to_string_lossy();
            if name.ends_with(".conllu") || name.ends_with(".conllu.gz") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| io(e, &f))?;
        let text = if f.to_string_lossy().ends_with(".gz") {
            let mut s = String::new();
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_string(&mut s)
                .map_err(|e| io(e, &f))?;
            s
        } else {
            String::from_utf8(bytes).map_err(|_| TextError::Conllu {
                input: f.display().to_string(),
                line: 0,
                message: "not UTF-8".into(),
            })?
        };
        let mut sents = parse(&f.display().to_string(), &text)?;
        if let Some(first) = sents.first_mut() {
            first.new_paragraph = true;
        }
        out.append(&mut sents);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conllu_reads_words_multiwords_and_paragraphs() {
        let src = "# newpar\n# text = I don't.\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
                   1\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\t_\t_\t1\tadvmod\t_\tSpaceAfter=No\n\
                   3\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n";
        let s = parse("t", src).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].new_paragraph);
        assert_eq!(s[0].words.len(), 3);
        assert_eq!(s[0].multiwords[0].form, "don't");
        assert!(!s[0].words[1].space_after);
        let bad = parse("bad.conllu", "1\tx\n").unwrap_err().to_string();
        assert!(bad.contains("bad.conllu:1"), "{bad}");
    }
}
