//! The body language of templates: a small, line-based Markdown dialect that
//! maps one-to-one onto [`Block`]s of the document model.
//!
//! | source | block |
//! |---|---|
//! | `# Đặc điểm tình hình` | mục, numbered I., II. ... and printed upper case |
//! | `## Công tác tuyên truyền` | khoản with a title, numbered 1., 2. ... |
//! | `### Kết quả` | điểm with a title, lettered a), b) ... đ) e) g) ... |
//! | text lines | a justified, indented paragraph (lines join until a blank line) |
//! | `- text` | a dash item |
//! | `::: center` ... `:::` | centred paragraphs |
//! | `::: table widths=8,40,52 align=c,l,l header=1 size=13` ... `:::` | a table of `\| a \| b \|` rows; a cell holding only `<` joins the cell on its left, `^` the cell above |
//! | `::: appendix title="..." landscape` ... `:::` | an appendix |
//!
//! Inside text, `**bold**`, `*italic*`, `***both***`; a backslash makes the
//! next character literal, and `\n` breaks the line. Values from data are
//! escaped by [`escape`] before they reach this parser, so whatever a
//! workbook cell holds prints literally.

use crate::document::{
    Align, Appendix, Block, Cell, Column, HeadingLevel, Paragraph, Run, Table, diem_letter, roman,
};

/// A problem in the body, with the line (1-based) of the rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    /// Line of the rendered body text.
    pub line: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

/// Characters with a meaning in the body language.
const SPECIAL: &[char] = &['\\', '*', '|', '"', '#', '-', ':', '<', '^', '_', '='];

/// Escapes a value so that the parser prints it literally.
pub fn escape(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// The parsed body: the blocks of the main text and the appendices.
#[derive(Debug, Default)]
pub struct Body {
    /// Blocks of the main text.
    pub blocks: Vec<Block>,
    /// Appendices in order.
    pub appendices: Vec<Appendix>,
}

#[derive(Default)]
struct Counters {
    muc: u32,
    khoan: u32,
    diem: usize,
}

enum Container {
    Main,
    Center,
    Appendix(Appendix),
    Table(TableBuilder, Box<Container>),
}

struct TableBuilder {
    start_line: usize,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    header_rows: usize,
    size: f32,
    rows: Vec<Vec<String>>,
}

/// Parses the rendered body text.
pub fn parse(text: &str) -> Result<Body, Vec<MarkdownError>> {
    let mut parser = Parser {
        body: Body::default(),
        errors: Vec::new(),
        counters: Counters::default(),
        paragraph: Vec::new(),
        item: None,
    };
    let mut stack: Vec<(usize, Container)> = Vec::new();
    let mut current = Container::Main;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Container::Table(table, _) = &mut current {
            if trimmed == ":::" {
                let Container::Table(table, outer) =
                    std::mem::replace(&mut current, Container::Main)
                else {
                    unreachable!()
                };
                current = *outer;
                parser.finish_table(table, &mut current);
            } else if trimmed.starts_with('|') {
                table.rows.push(split_row(trimmed));
            } else if !trimmed.is_empty() {
                parser.error(
                    line_no,
                    "trong bảng, mỗi dòng phải bắt đầu bằng \"|\" (hoặc \":::\" để kết thúc bảng)",
                );
            }
            continue;
        }
        if let Some(directive) = trimmed.strip_prefix(":::") {
            parser.flush(&mut current);
            let directive = directive.trim();
            if directive.is_empty() {
                match stack.pop() {
                    Some((_, outer)) => {
                        let finished = std::mem::replace(&mut current, outer);
                        if let Container::Appendix(appendix) = finished {
                            parser.body.appendices.push(appendix);
                        }
                    }
                    None => parser.error(line_no, "\":::\" không đóng khối nào"),
                }
                continue;
            }
            let (name, attrs) = match parse_directive(directive) {
                Ok(parsed) => parsed,
                Err(message) => {
                    parser.error(line_no, &message);
                    continue;
                }
            };
            match name.as_str() {
                "center" => {
                    let outer = std::mem::replace(&mut current, Container::Center);
                    stack.push((line_no, outer));
                }
                "appendix" => {
                    if !matches!(current, Container::Main) || !stack.is_empty() {
                        parser.error(line_no, "phụ lục phải nằm ngoài mọi khối khác");
                        continue;
                    }
                    let mut appendix = Appendix::default();
                    for (key, value) in attrs {
                        match key.as_str() {
                            "title" => appendix.title.push(value),
                            "landscape" => appendix.landscape = true,
                            other => parser.error(
                                line_no,
                                &format!("phụ lục không có thuộc tính \"{other}\" (dùng title, landscape)"),
                            ),
                        }
                    }
                    parser.counters = Counters::default();
                    let outer = std::mem::replace(&mut current, Container::Appendix(appendix));
                    stack.push((line_no, outer));
                }
                "table" => match TableBuilder::from_attrs(line_no, attrs) {
                    Ok(table) => {
                        let outer = std::mem::replace(&mut current, Container::Main);
                        current = Container::Table(table, Box::new(outer));
                    }
                    Err(message) => parser.error(line_no, &message),
                },
                other => parser.error(
                    line_no,
                    &format!("khối \"{other}\" không tồn tại (dùng center, table, appendix)"),
                ),
            }
            continue;
        }
        if trimmed.is_empty() {
            parser.flush(&mut current);
            continue;
        }
        if let Some((level, title)) = heading(trimmed) {
            parser.flush(&mut current);
            let runs = inline(title);
            let block = parser.heading(level, runs);
            push(&mut current, &mut parser.body, block);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            parser.flush(&mut current);
            parser.item = Some(rest.to_owned());
            continue;
        }
        if let Some(item) = &mut parser.item {
            item.push(' ');
            item.push_str(trimmed);
            continue;
        }
        parser.paragraph.push(trimmed.to_owned());
    }
    parser.flush(&mut current);
    if let Container::Table(table, outer) = current {
        parser.error(table.start_line, "bảng chưa được đóng bằng \":::\"");
        current = *outer;
    }
    if let Some((line, _)) = stack.last() {
        parser.error(*line, "khối chưa được đóng bằng \":::\"");
    }
    let _ = current;
    if parser.errors.is_empty() {
        Ok(parser.body)
    } else {
        Err(parser.errors)
    }
}

struct Parser {
    body: Body,
    errors: Vec<MarkdownError>,
    counters: Counters,
    paragraph: Vec<String>,
    item: Option<String>,
}

impl Parser {
    fn error(&mut self, line: usize, message: &str) {
        self.errors.push(MarkdownError {
            line,
            message: message.to_owned(),
        });
    }

    fn flush(&mut self, current: &mut Container) {
        if let Some(item) = self.item.take() {
            push(current, &mut self.body, Block::Item(inline(&item)));
        }
        if !self.paragraph.is_empty() {
            let text = self.paragraph.join(" ");
            self.paragraph.clear();
            let centred = matches!(current, Container::Center);
            let block = Block::Paragraph(Paragraph {
                runs: inline(&text),
                align: if centred {
                    Align::Center
                } else {
                    Align::Justify
                },
                indent: !centred,
            });
            push(current, &mut self.body, block);
        }
    }

    fn heading(&mut self, level: HeadingLevel, mut runs: Vec<Run>) -> Block {
        let number = match level {
            HeadingLevel::Muc => {
                self.counters.muc += 1;
                self.counters.khoan = 0;
                self.counters.diem = 0;
                for run in &mut runs {
                    run.text = run.text.to_uppercase();
                }
                format!("{}.", roman(self.counters.muc))
            }
            HeadingLevel::Khoan => {
                self.counters.khoan += 1;
                self.counters.diem = 0;
                format!("{}.", self.counters.khoan)
            }
            HeadingLevel::Diem => {
                self.counters.diem += 1;
                format!("{})", diem_letter(self.counters.diem - 1))
            }
        };
        Block::Heading {
            level,
            number,
            runs,
        }
    }

    fn finish_table(&mut self, table: TableBuilder, current: &mut Container) {
        match table.build() {
            Ok(table) => push(current, &mut self.body, Block::Table(table)),
            Err((line, message)) => self.error(line, &message),
        }
    }
}

fn push(current: &mut Container, body: &mut Body, block: Block) {
    match current {
        Container::Appendix(appendix) => appendix.body.push(block),
        Container::Table(_, outer) => push(outer, body, block),
        Container::Main | Container::Center => body.blocks.push(block),
    }
}

fn heading(line: &str) -> Option<(HeadingLevel, &str)> {
    let (level, rest) = if let Some(rest) = line.strip_prefix("### ") {
        (HeadingLevel::Diem, rest)
    } else if let Some(rest) = line.strip_prefix("## ") {
        (HeadingLevel::Khoan, rest)
    } else if let Some(rest) = line.strip_prefix("# ") {
        (HeadingLevel::Muc, rest)
    } else {
        return None;
    };
    Some((level, rest.trim()))
}

/// Splits `key=value key="quoted value" flag` attributes after a directive
/// name.
fn parse_directive(text: &str) -> Result<(String, Vec<(String, String)>), String> {
    let mut chars = text.chars().peekable();
    let mut words: Vec<(String, String)> = Vec::new();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            if chars.next_if_eq(&'"').is_some() {
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(next) = chars.next() {
                                value.push(if next == 'n' { '\n' } else { next });
                            }
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        c => value.push(c),
                    }
                }
                if !closed {
                    return Err(format!("giá trị của \"{key}\" thiếu dấu \" đóng"));
                }
            } else {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    value.push(c);
                }
            }
        }
        words.push((key, value));
    }
    if words.is_empty() {
        return Err("thiếu tên khối sau \":::\"".to_owned());
    }
    let (name, _) = words.remove(0);
    Ok((name, words))
}

impl TableBuilder {
    fn from_attrs(line: usize, attrs: Vec<(String, String)>) -> Result<Self, String> {
        let mut table = TableBuilder {
            start_line: line,
            widths: Vec::new(),
            aligns: Vec::new(),
            header_rows: 1,
            size: 13.0,
            rows: Vec::new(),
        };
        for (key, value) in attrs {
            match key.as_str() {
                "widths" => {
                    table.widths = value
                        .split(',')
                        .map(|w| w.trim().parse::<f32>().ok().filter(|w| *w > 0.0))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            format!(
                                "widths=\"{value}\" phải là các số dương cách nhau bởi dấu phẩy"
                            )
                        })?;
                }
                "align" => {
                    table.aligns = value
                        .split(',')
                        .map(|a| match a.trim() {
                            "l" => Some(Align::Left),
                            "c" => Some(Align::Center),
                            "r" => Some(Align::Right),
                            "j" => Some(Align::Justify),
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| {
                            format!("align=\"{value}\" chỉ nhận l, c, r, j cách nhau bởi dấu phẩy")
                        })?;
                }
                "header" => {
                    table.header_rows = value
                        .parse()
                        .map_err(|_| format!("header=\"{value}\" phải là số dòng tiêu đề"))?;
                }
                "size" => {
                    table.size = value
                        .parse::<f32>()
                        .ok()
                        .filter(|s| (8.0..=14.0).contains(s))
                        .ok_or_else(|| format!("size=\"{value}\" phải là cỡ chữ từ 8 đến 14"))?;
                }
                other => {
                    return Err(format!(
                        "bảng không có thuộc tính \"{other}\" (dùng widths, align, header, size)"
                    ));
                }
            }
        }
        Ok(table)
    }

    fn build(self) -> Result<Table, (usize, String)> {
        let line = self.start_line;
        let ncols = self
            .widths
            .len()
            .max(self.rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return Err((line, "bảng không có cột nào".to_owned()));
        }
        if !self.widths.is_empty() && self.widths.len() != ncols {
            return Err((
                line,
                format!(
                    "widths có {} cột nhưng bảng có {ncols} cột",
                    self.widths.len()
                ),
            ));
        }
        if !self.aligns.is_empty() && self.aligns.len() != ncols {
            return Err((
                line,
                format!(
                    "align có {} cột nhưng bảng có {ncols} cột",
                    self.aligns.len()
                ),
            ));
        }
        let columns = (0..ncols)
            .map(|i| Column {
                width: self.widths.get(i).copied().unwrap_or(1.0),
                align: self.aligns.get(i).copied().unwrap_or(Align::Left),
            })
            .collect();
        // Resolve merges on a grid first: each slot is either the origin of a
        // cell or covered by another.
        #[derive(Clone, Copy)]
        enum Slot {
            Origin,
            Covered(usize, usize),
        }
        let mut grid: Vec<Vec<Slot>> = Vec::new();
        let mut cells: Vec<Vec<Option<Cell>>> = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut slots = Vec::with_capacity(ncols);
            let mut row_cells = Vec::with_capacity(ncols);
            for c in 0..ncols {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                match text {
                    "<" if c > 0 => {
                        let owner = match slots[c - 1] {
                            Slot::Origin => (r, c - 1),
                            Slot::Covered(orow, ocol) => (orow, ocol),
                        };
                        slots.push(Slot::Covered(owner.0, owner.1));
                        row_cells.push(None);
                        if owner.0 == r {
                            if let Some(Some(cell)) = row_cells.get_mut(owner.1) {
                                let cell: &mut Cell = cell;
                                cell.colspan += 1;
                            }
                        } else {
                            return Err((
                                line,
                                format!(
                                    "dòng {} của bảng: ô \"<\" nối vào một ô đã nối dọc",
                                    r + 1
                                ),
                            ));
                        }
                    }
                    "^" if r > 0 => {
                        let owner = match grid[r - 1][c] {
                            Slot::Origin => (r - 1, c),
                            Slot::Covered(orow, ocol) => (orow, ocol),
                        };
                        slots.push(Slot::Covered(owner.0, owner.1));
                        row_cells.push(None);
                        if owner.1 == c
                            && let Some(cell) = cells[owner.0][owner.1].as_mut()
                        {
                            cell.rowspan += 1;
                        }
                    }
                    _ => {
                        slots.push(Slot::Origin);
                        row_cells.push(Some(Cell {
                            runs: inline(text),
                            colspan: 1,
                            rowspan: 1,
                            align: None,
                        }));
                    }
                }
            }
            grid.push(slots);
            cells.push(row_cells);
        }
        let rows = cells
            .into_iter()
            .map(|row| row.into_iter().flatten().collect())
            .collect();
        Ok(Table {
            columns,
            header_rows: self.header_rows.min(self.rows.len()),
            rows,
            font_size: self.size,
        })
    }
}

/// Splits a `| a | b |` row into trimmed cell sources, honouring `\|`.
fn split_row(line: &str) -> Vec<String> {
    let inner = line.strip_prefix('|').unwrap_or(line);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cell.push('\\');
                if let Some(next) = chars.next() {
                    cell.push(next);
                }
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            c => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        cells.push(cell.trim().to_owned());
    }
    cells
}

/// Parses inline text: `**bold**`, `*italic*`, `***both***`, backslash
/// escapes and `\n` line breaks.
pub fn inline(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut bold = false;
    let mut italic = false;
    let mut current = String::new();
    let flush = |runs: &mut Vec<Run>, current: &mut String, bold: bool, italic: bool| {
        if current.is_empty() {
            return;
        }
        let text = std::mem::take(current);
        match runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(&text),
            _ => runs.push(Run { text, bold, italic }),
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                match chars.get(i + 1) {
                    Some('n') => current.push('\n'),
                    Some(&c) => current.push(c),
                    None => current.push('\\'),
                }
                i += 2;
            }
            '*' => {
                let mut stars = 0;
                while chars.get(i + stars) == Some(&'*') {
                    stars += 1;
                }
                flush(&mut runs, &mut current, bold, italic);
                match stars {
                    1 => italic = !italic,
                    2 => bold = !bold,
                    _ => {
                        bold = !bold;
                        italic = !italic;
                    }
                }
                i += stars;
            }
            c => {
                current.push(c);
                i += 1;
            }
        }
    }
    flush(&mut runs, &mut current, bold, italic);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str) -> String {
        let mut out = String::new();
        escape(value, &mut out);
        out
    }

    #[test]
    fn escaped_values_print_literally() {
        for value in [
            "*a*",
            "**b**",
            "# not a heading",
            "- not an item",
            "::: table",
            "a | b",
            "<",
            "^",
            "\\n",
            "{{ 7*7 }}",
            "#read(\"x\")",
            "$x$ <w:t>",
        ] {
            let runs = inline(&escaped(value));
            assert_eq!(runs, vec![Run::plain(value)], "value {value:?}");
        }
    }

    #[test]
    fn escaped_value_in_table_cell_stays_in_its_cell() {
        let source = format!(
            "::: table\n| A | B |\n| {} | x |\n:::\n",
            escaped("a | b <")
        );
        let body = parse(&source).unwrap();
        let Block::Table(table) = &body.blocks[0] else {
            panic!("not a table")
        };
        assert_eq!(table.rows[1].len(), 2);
        assert_eq!(table.rows[1][0].runs, vec![Run::plain("a | b <")]);
    }

    #[test]
    fn headings_are_numbered_per_nd30() {
        let body = parse("# Một\n## Hai\n### Ba\n### Bốn\n## Năm\n# Sáu\n## Bảy").unwrap();
        let numbers: Vec<String> = body
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { number, runs, .. } => format!("{number} {}", runs[0].text),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            numbers,
            [
                "I. MỘT", "1. Hai", "a) Ba", "b) Bốn", "2. Năm", "II. SÁU", "1. Bảy"
            ]
        );
    }

    #[test]
    fn merges_make_spans() {
        let body =
            parse("::: table header=2\n| A | B | < |\n| ^ | x | y |\n| 1 | 2 | 3 |\n:::").unwrap();
        let Block::Table(table) = &body.blocks[0] else {
            panic!()
        };
        assert_eq!(table.rows[0].len(), 2);
        assert_eq!(table.rows[0][0].rowspan, 2);
        assert_eq!(table.rows[0][1].colspan, 2);
        assert_eq!(table.rows[1].len(), 2);
        assert_eq!(table.header_rows, 2);
    }

    #[test]
    fn unclosed_block_is_reported_with_its_line() {
        let errors = parse("text\n\n::: center\nx\n").unwrap_err();
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn paragraphs_items_and_styles() {
        let body = parse("Một **đậm** và *nghiêng*\ntiếp.\n\n- mục một\n- mục hai").unwrap();
        assert_eq!(body.blocks.len(), 3);
        let Block::Paragraph(p) = &body.blocks[0] else {
            panic!()
        };
        assert_eq!(
            p.runs,
            vec![
                Run::plain("Một "),
                Run::bold("đậm"),
                Run::plain(" và "),
                Run {
                    text: "nghiêng".into(),
                    bold: false,
                    italic: true
                },
                Run::plain(" tiếp."),
            ]
        );
    }
}
