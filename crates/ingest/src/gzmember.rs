//! Gzip decoding member by member, remembering where each member starts in the
//! compressed file, so that a WARC record found in the decompressed stream can be
//! given the offset of its gzip member (which a user can fetch with an HTTP range
//! request and decompress on its own).

use flate2::bufread::GzDecoder;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex};

/// Starts of gzip members: `(decompressed offset, compressed offset)`, oldest first.
#[derive(Clone, Debug, Default)]
pub struct MemberMap(Arc<Mutex<VecDeque<(u64, u64)>>>);

impl MemberMap {
    fn push(&self, decompressed: u64, compressed: u64) {
        if let Ok(mut m) = self.0.lock() {
            m.push_back((decompressed, compressed));
        }
    }

    /// The compressed offset of the member holding decompressed offset `at`. Members
    /// before it are forgotten: lookups must come in increasing order (they do, as
    /// records are read front to back), so memory stays bounded.
    pub fn member_of(&self, at: u64) -> Option<u64> {
        let mut m = self.0.lock().ok()?;
        while m.len() > 1 && m[1].0 <= at {
            m.pop_front();
        }
        m.front().filter(|(d, _)| *d <= at).map(|(_, c)| *c)
    }
}

/// A `BufRead` that counts the bytes consumed from it.
struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// Decompresses concatenated gzip members, recording each member's start.
pub struct MemberDecoder<R: BufRead> {
    idle: Option<Counting<R>>,
    active: Option<GzDecoder<Counting<R>>>,
    out: u64,
    map: MemberMap,
}

impl<R: BufRead> MemberDecoder<R> {
    /// A decoder over a compressed stream (positioned at its first byte).
    pub fn new(inner: R) -> (MemberDecoder<R>, MemberMap) {
        let map = MemberMap::default();
        (
            MemberDecoder {
                idle: Some(Counting { inner, consumed: 0 }),
                active: None,
                out: 0,
                map: map.clone(),
            },
            map,
        )
    }
}

impl<R: BufRead> Read for MemberDecoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.active.is_none() {
                let Some(mut idle) = self.idle.take() else {
                    return Ok(0);
                };
                if idle.fill_buf()?.is_empty() {
                    self.idle = Some(idle);
                    return Ok(0);
                }
                self.map.push(self.out, idle.consumed);
                self.active = Some(GzDecoder::new(idle));
            }
            let dec = self.active.as_mut().expect("set above");
            let n = dec.read(buf)?;
            if n == 0 {
                let dec = self.active.take().expect("set above");
                self.idle = Some(dec.into_inner());
                continue;
            }
            self.out += n as u64;
            return Ok(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzmember_offsets_of_each_member() {
        let a = gz(b"first member\n");
        let b = gz(b"second\n");
        let file = [a.clone(), b.clone()].concat();
        let (mut dec, map) = MemberDecoder::new(&file[..]);
        let mut out = String::new();
        dec.read_to_string(&mut out).unwrap();
        assert_eq!(out, "first member\nsecond\n");
        assert_eq!(map.member_of(0), Some(0));
        assert_eq!(map.member_of(13), Some(a.len() as u64));
        // The second member alone decompresses to its text.
        let mut alone = String::new();
        flate2::read::GzDecoder::new(&file[a.len()..])
            .read_to_string(&mut alone)
            .unwrap();
        assert_eq!(alone, "second\n");
    }

    #[test]
    fn gzmember_trailing_garbage_is_an_error() {
        let file = [gz(b"ok\n"), b"not gzip".to_vec()].concat();
        let (mut dec, _) = MemberDecoder::new(&file[..]);
        let mut out = Vec::new();
        assert!(dec.read_to_end(&mut out).is_err());
        assert_eq!(out, b"ok\n");
    }
}
