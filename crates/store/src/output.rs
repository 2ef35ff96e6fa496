//! Tables out: aligned text for a terminal, JSON, JSON Lines, CSV/TSV and Parquet.
//!
//! Rows stream through a [`Sink`]; only the text table (which needs column widths)
//! holds them all.

use crate::error::{Result, StoreError};
pub use rusqlite::types::Value;
use std::io::Write;

/// The type of a column, which fixes its JSON and Parquet type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 64-bit integer.
    Int,
    /// Double.
    Real,
    /// UTF-8 text.
    Text,
    /// Text holding JSON (spans, lists): embedded as JSON in JSON output, text elsewhere.
    Json,
}

/// A named, typed column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Name.
    pub name: String,
    /// Type.
    pub kind: Kind,
}

impl Column {
    /// A column.
    pub fn new(name: &str, kind: Kind) -> Column {
        Column {
            name: name.to_string(),
            kind,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for reading on a terminal.
    Table,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header line.
    Csv,
    /// Tab-separated values without a header (the GDELT file convention).
    Tsv,
    /// Apache Parquet (needs the `parquet` feature; not to a terminal).
    Parquet,
}

/// Receives rows.
pub trait Sink {
    /// One row, values in column order.
    fn row(&mut self, row: &[Value]) -> Result<()>;
    /// Ends the output.
    fn finish(self: Box<Self>) -> Result<()>;
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Io {
        what: "output".to_string(),
        source: e,
    }
}

/// A sink writing `format` to `out`.
pub fn sink(
    format: Format,
    columns: &[Column],
    out: Box<dyn Write + Send>,
) -> Result<Box<dyn Sink>> {
    Ok(match format {
        Format::Table => Box::new(TableSink {
            columns: columns.to_vec(),
            rows: Vec::new(),
            out,
        }),
        Format::Json | Format::Jsonl => Box::new(JsonSink {
            columns: columns.to_vec(),
            out,
            array: format == Format::Json,
            first: true,
        }),
        Format::Csv | Format::Tsv => {
            let mut w = csv::WriterBuilder::new()
                .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
                .quote_style(if format == Format::Tsv {
                    csv::QuoteStyle::Never
                } else {
                    csv::QuoteStyle::Necessary
                })
                .from_writer(out);
            if format == Format::Csv {
                w.write_record(columns.iter().map(|c| c.name.as_str()))?;
            }
            Box::new(CsvSink {
                w,
                tsv: format == Format::Tsv,
                buf: Vec::new(),
            })
        }
        #[cfg(feature = "parquet")]
        Format::Parquet => Box::new(parquet_sink::ParquetSink::new(columns, out)?),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => {
            return Err(StoreError::Invalid(
                "this dateline was built without Parquet support (cargo feature `parquet`)".into(),
            ))
        }
    })
}

/// A sink that passes on only some columns (by name, in the order given); names that
/// are not among `columns` are ignored. Returns the kept columns and the sink to write
/// whole rows into.
pub fn project(
    format: Format,
    columns: &[Column],
    keep: &[&str],
    out: Box<dyn Write + Send>,
) -> Result<Box<dyn Sink>> {
    let idx: Vec<usize> = keep
        .iter()
        .filter_map(|k| columns.iter().position(|c| c.name == *k))
        .collect();
    let kept: Vec<Column> = idx.iter().map(|&i| columns[i].clone()).collect();
    Ok(Box::new(Projected {
        inner: sink(format, &kept, out)?,
        idx,
        buf: Vec::new(),
    }))
}

struct Projected {
    inner: Box<dyn Sink>,
    idx: Vec<usize>,
    buf: Vec<Value>,
}

impl Sink for Projected {
    fn row(&mut self, row: &[Value]) -> Result<()> {
        self.buf.clear();
        self.buf.extend(self.idx.iter().map(|&i| row[i].clone()));
        self.inner.row(&self.buf)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.inner.finish()
    }
}

/// A value as JSON, by column kind.
pub fn to_json(kind: Kind, v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Integer(i) => J::from(*i),
        Value::Real(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Text(s) if kind == Kind::Json => {
            serde_json::from_str(s).unwrap_or_else(|_| J::String(s.clone()))
        }
        Value::Text(s) => J::String(s.clone()),
        Value::Blob(b) => J::String(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

/// A value as plain text (empty for null).
pub fn to_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => {
            let s = format!("{f:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            s.to_string()
        }
        Value::Text(s) => s.clone(),
        Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

struct JsonSink {
    columns: Vec<Column>,
    out: Box<dyn Write + Send>,
    array: bool,
    first: bool,
}

impl Sink for JsonSink {
    fn row(&mut self, row: &[Value]) -> Result<()> {
        let mut obj = serde_json::Map::with_capacity(row.len());
        for (c, v) in self.columns.iter().zip(row) {
            obj.insert(c.name.clone(), to_json(c.kind, v));
        }
        if self.array {
            self.out
                .write_all(if self.first { b"[\n" } else { b",\n" })
                .map_err(io_err)?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &obj).map_err(|e| io_err(e.into()))?;
        if !self.array {
            self.out.write_all(b"\n").map_err(io_err)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        if self.array {
            self.out
                .write_all(if self.first { b"[]\n" } else { b"\n]\n" })
                .map_err(io_err)?;
        }
        self.out.flush().map_err(io_err)
    }
}

struct CsvSink {
    w: csv::Writer<Box<dyn Write + Send>>,
    tsv: bool,
    buf: Vec<String>,
}

impl Sink for CsvSink {
    fn row(&mut self, row: &[Value]) -> Result<()> {
        self.buf.clear();
        for v in row {
            let mut s = to_text(v);
            if self.tsv && s.contains(['\t', '\n', '\r']) {
                s = s.replace(['\t', '\n', '\r'], " ");
            }
            self.buf.push(s);
        }
        self.w.write_record(&self.buf)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.w.flush().map_err(io_err)
    }
}

struct TableSink {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    out: Box<dyn Write + Send>,
}

const CELL_MAX: usize = 60;

fn cell(v: &Value) -> String {
    let s: String = to_text(v)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().count() > CELL_MAX {
        let mut t: String = s.chars().take(CELL_MAX - 1).collect();
        t.push('…');
        t
    } else {
        s
    }
}

impl Sink for TableSink {
    fn row(&mut self, row: &[Value]) -> Result<()> {
        self.rows.push(row.iter().map(cell).collect());
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let n = self.columns.len();
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .map(|c| c.name.chars().count())
            .collect();
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String], widths: &[usize], kinds: &[Kind]| -> String {
            let mut s = String::new();
            for i in 0..n {
                if i > 0 {
                    s.push_str("  ");
                }
                let c = &cells[i];
                let pad = widths[i].saturating_sub(c.chars().count());
                let right = matches!(kinds[i], Kind::Int | Kind::Real);
                if right {
                    s.extend(std::iter::repeat_n(' ', pad));
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    if i + 1 < n {
                        s.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
            s.trim_end().to_string()
        };
        let kinds: Vec<Kind> = self.columns.iter().map(|c| c.kind).collect();
        let header: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
        writeln!(self.out, "{}", line(&header, &widths, &kinds)).map_err(io_err)?;
        for r in &self.rows {
            writeln!(self.out, "{}", line(r, &widths, &kinds)).map_err(io_err)?;
        }
        writeln!(self.out, "({} rows)", self.rows.len()).map_err(io_err)?;
        self.out.flush().map_err(io_err)
    }
}

#[cfg(feature = "parquet")]
mod parquet_sink {
    use super::{Column, Kind, Sink};
    use crate::error::Result;
    use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::types::Type;
    use rusqlite::types::Value;
    use std::io::Write;
    use std::sync::Arc;

    const ROW_GROUP: usize = 16_384;

    pub(super) struct ParquetSink {
        columns: Vec<Column>,
        writer: SerializedFileWriter<Box<dyn Write + Send>>,
        rows: Vec<Vec<Value>>,
    }

    impl ParquetSink {
        pub(super) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> Result<ParquetSink> {
            let fields = columns
                .iter()
                .map(|c| {
                    let b = match c.kind {
                        Kind::Int => Type::primitive_type_builder(&c.name, Physical::INT64),
                        Kind::Real => Type::primitive_type_builder(&c.name, Physical::DOUBLE),
                        Kind::Text | Kind::Json => {
                            Type::primitive_type_builder(&c.name, Physical::BYTE_ARRAY)
                                .with_logical_type(Some(LogicalType::String))
                                .with_converted_type(ConvertedType::UTF8)
                        }
                    };
                    b.with_repetition(Repetition::OPTIONAL)
                        .build()
                        .map(Arc::new)
                })
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let schema = Type::group_type_builder("dateline")
                .with_fields(fields)
                .build()?;
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("dateline {}", env!("CARGO_PKG_VERSION")))
                .build();
            let writer = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(props))?;
            Ok(ParquetSink {
                columns: columns.to_vec(),
                writer,
                rows: Vec::new(),
            })
        }

        fn flush(&mut self) -> Result<()> {
            if self.rows.is_empty() {
                return Ok(());
            }
            let mut rg = self.writer.next_row_group()?;
            let mut i = 0;
            while let Some(mut col) = rg.next_column()? {
                let kind = self.columns[i].kind;
                let mut defs = Vec::with_capacity(self.rows.len());
                match kind {
                    Kind::Int => {
                        let mut vals = Vec::new();
                        for r in &self.rows {
                            match &r[i] {
                                Value::Integer(v) => {
                                    vals.push(*v);
                                    defs.push(1);
                                }
                                Value::Real(v) => {
                                    vals.push(*v as i64);
                                    defs.push(1);
                                }
                                _ => defs.push(0),
                            }
                        }
                        col.typed::<Int64Type>()
                            .write_batch(&vals, Some(&defs), None)?;
                    }
                    Kind::Real => {
                        let mut vals = Vec::new();
                        for r in &self.rows {
                            match &r[i] {
                                Value::Real(v) => {
                                    vals.push(*v);
                                    defs.push(1);
                                }
                                Value::Integer(v) => {
                                    vals.push(*v as f64);
                                    defs.push(1);
                                }
                                _ => defs.push(0),
                            }
                        }
                        col.typed::<DoubleType>()
                            .write_batch(&vals, Some(&defs), None)?;
                    }
                    Kind::Text | Kind::Json => {
                        let mut vals = Vec::new();
                        for r in &self.rows {
                            match &r[i] {
                                Value::Null => defs.push(0),
                                v => {
                                    vals.push(ByteArray::from(super::to_text(v).into_bytes()));
                                    defs.push(1);
                                }
                            }
                        }
                        col.typed::<ByteArrayType>()
                            .write_batch(&vals, Some(&defs), None)?;
                    }
                }
                col.close()?;
                i += 1;
            }
            rg.close()?;
            self.rows.clear();
            Ok(())
        }
    }

    impl Sink for ParquetSink {
        fn row(&mut self, row: &[Value]) -> Result<()> {
            self.rows.push(row.to_vec());
            if self.rows.len() >= ROW_GROUP {
                self.flush()?;
            }
            Ok(())
        }

        fn finish(mut self: Box<Self>) -> Result<()> {
            self.flush()?;
            let mut out = self.writer.into_inner()?;
            out.flush().map_err(super::io_err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn render(format: Format) -> String {
        let buf = Buf::default();
        let cols = [
            Column::new("id", Kind::Int),
            Column::new("name", Kind::Text),
            Column::new("spans", Kind::Json),
        ];
        let mut s = sink(format, &cols, Box::new(buf.clone())).unwrap();
        s.row(&[
            Value::Integer(1),
            Value::Text("Abe, Shinzo".into()),
            Value::Text("[[0,3]]".into()),
        ])
        .unwrap();
        s.row(&[Value::Integer(2), Value::Null, Value::Text("[]".into())])
            .unwrap();
        s.finish().unwrap();
        let v = buf.0.lock().unwrap().clone();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn output_project_keeps_named_columns_in_order() {
        let buf = Buf::default();
        let cols = [
            Column::new("a", Kind::Int),
            Column::new("b", Kind::Text),
            Column::new("c", Kind::Int),
        ];
        let mut s = project(
            Format::Csv,
            &cols,
            &["c", "a", "missing"],
            Box::new(buf.clone()),
        )
        .unwrap();
        s.row(&[
            Value::Integer(1),
            Value::Text("x".into()),
            Value::Integer(3),
        ])
        .unwrap();
        s.finish().unwrap();
        let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert_eq!(out, "c,a\n3,1\n");
    }

    #[test]
    fn output_formats_render_typed_values() {
        assert_eq!(
            render(Format::Jsonl),
            "{\"id\":1,\"name\":\"Abe, Shinzo\",\"spans\":[[0,3]]}\n{\"id\":2,\"name\":null,\"spans\":[]}\n"
        );
        let json: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(json[1]["id"], 2);
        assert_eq!(
            render(Format::Csv),
            "id,name,spans\n1,\"Abe, Shinzo\",\"[[0,3]]\"\n2,,[]\n"
        );
        assert_eq!(render(Format::Tsv), "1\tAbe, Shinzo\t[[0,3]]\n2\t\t[]\n");
        let table = render(Format::Table);
        assert!(
            table.starts_with("id  name         spans\n 1  Abe, Shinzo  [[0,3]]\n"),
            "{table}"
        );
    }
}
