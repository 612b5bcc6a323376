//! Excel 97–2003 workbooks (`.xls`), scanned before calamine reads them.
//!
//! calamine parses every sheet of an `.xls` as it opens the workbook and builds, for each,
//! the dense range of its cells' bounding box and another for its formulas; a cell record
//! may name any row and any column up to 65.535, so a few kilobytes can ask for billions
//! of cells. It also follows the compound file's sector chains without looking for loops.
//!
//! Owns: finding the `Workbook` (or `Book`) stream as calamine does, with every chain it
//! follows checked first (a loop, or a sector the allocation table does not have, would
//! make it grow a buffer without end or panic); and walking the stream's records as
//! calamine does: the sheets' positions from the BoundSheet8 records, each sheet's cell
//! records through [`Bounds`], the DIMENSIONS record calamine reserves room for, and the
//! text each cell copies from the shared strings (SST) through the [`TextBudget`].
//! Guarantees: when [`check`] passes, calamine allocates no sheet beyond the limits and no
//! declared size beyond an Excel 97–2003 sheet's; when it fails, it has allocated no more
//! than the file's size. Where calamine itself stops with an error before building the
//! sheets, the scan stops too and leaves the reason to calamine.

use super::bounds::{Bounds, TextBudget};
use super::{Limits, ReadError};

/// The end of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers from here on are markers, not sectors.
const MARKERS: u32 = 0xFFFF_FFFA;
/// Marks a DIFAT sector in the allocation table (and ends the list of FAT sectors).
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// Rows and columns of an Excel 97–2003 sheet.
const XLS_ROWS: u64 = 65_536;
const XLS_COLS: u64 = 256;
/// The most a shared string of 65.535 characters can decode to (see [`shared_strings`]).
const LONGEST_SHARED_STRING: u64 = 4 * 65_535;

/// Checks the `.xls` workbook `bytes` (an OLE2 compound file) against the limits.
pub(super) fn check(bytes: &[u8], limits: &Limits, text: &mut TextBudget) -> Result<(), ReadError> {
    let Some(compound) = Compound::open(bytes)? else {
        return Ok(());
    };
    let stream = match compound.stream("Workbook")? {
        Some(stream) => stream,
        None => match compound.stream("Book")? {
            Some(stream) => stream,
            None => return Ok(()),
        },
    };
    scan(&stream, limits, text)
}

fn corrupt(what: String) -> ReadError {
    ReadError::Corrupt(what)
}

// Plain indexing: these run for every record, and our crate is built unoptimised for tests.
fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from(bytes[0]) | u16::from(bytes[1]) << 8)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(
        u32::from(bytes[0])
            | u32::from(bytes[1]) << 8
            | u32::from(bytes[2]) << 16
            | u32::from(bytes[3]) << 24,
    )
}

/// An OLE2 compound file, read as calamine's `Cfb` reads it.
struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// The highest sector number calamine reads (`file length / sector size`).
    max_sector: u32,
    fat: Vec<u32>,
    /// Directory entries: (name, first sector, size).
    entries: Vec<(String, u32, u64)>,
    mini_stream: Vec<u8>,
    mini_fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    /// The compound file's tables; `None` where calamine refuses the file itself.
    fn open(bytes: &'a [u8]) -> Result<Option<Compound<'a>>, ReadError> {
        const SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
            return Ok(None);
        }
        let header = &bytes[..512];
        let read = |at| u32_at(header, at).unwrap_or(0);
        let version = u16_at(header, 26).unwrap_or(0);
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) if bytes.len() >= 4096 => 4096,
            _ => return Ok(None),
        };
        if u16_at(header, 32) != Some(6) {
            return Ok(None);
        }
        let max_sector = u32::try_from(bytes.len() / sector_size).unwrap_or(u32::MAX);
        let mut compound = Compound {
            bytes,
            sector_size,
            max_sector,
            fat: Vec::new(),
            entries: Vec::new(),
            mini_stream: Vec::new(),
            mini_fat: Vec::new(),
        };
        // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors whose last
        // entry names the next; calamine stops after `max_sector + 1` of them.
        let mut difat: Vec<u32> = header[76..512]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut next = read(68);
        let mut difat_sectors = 0u64;
        while next < MARKERS {
            difat_sectors += 1;
            if difat_sectors > u64::from(max_sector) + 1 {
                return Ok(None);
            }
            let Some(sector) = compound.sector(next) else {
                return Ok(None);
            };
            difat.extend(words(sector)?);
            let Some(last) = difat.pop() else {
                return Ok(None);
            };
            next = last;
        }
        // The FAT: the sectors the DIFAT lists. A file needs a FAT sector per 128 of its
        // sectors; calamine appends every listed sector, so a DIFAT naming one sector over
        // and over would grow the table to gigabytes. Twice the file stays harmless.
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFAT_SECTOR).collect();
        if fat_sectors.len() as u64 > 2 * (u64::from(max_sector) + 1) + 109 {
            return Err(corrupt(format!(
                "OLE: {} FAT sectors listed for a file of {} sectors",
                fat_sectors.len(),
                max_sector
            )));
        }
        for id in fat_sectors {
            let Some(sector) = compound.sector(id) else {
                return Ok(None);
            };
            let words: Vec<u32> = words(sector)?.collect();
            compound.fat.extend(words);
        }
        // The directory, read to the end of its chain.
        let Some(directory) = compound.chain(read(48), u64::MAX, "directory")? else {
            return Ok(None);
        };
        compound.entries = directory
            .chunks_exact(128)
            .map(|entry| {
                let units: Vec<u16> = entry[..64]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let mut name = String::from_utf16_lossy(&units);
                if let Some(end) = name.find('\0') {
                    name.truncate(end);
                }
                let start = u32_at(entry, 116).unwrap_or(0);
                let size = if sector_size == 512 {
                    u64::from(u32_at(entry, 120).unwrap_or(0))
                } else {
                    u64::from_le_bytes(entry[120..128].try_into().unwrap_or_default())
                };
                (name, start, size)
            })
            .collect();
        let Some(&(_, root_start, root_size)) = compound.entries.first() else {
            return Ok(None);
        };
        if version != 3 && root_start == END_OF_CHAIN {
            return Ok(None);
        }
        let mini_fat_sectors = u64::from(read(64));
        if mini_fat_sectors > 0 {
            let Some(mini_stream) = compound.chain(root_start, root_size, "mini stream")? else {
                return Ok(None);
            };
            let size = mini_fat_sectors.saturating_mul(sector_size as u64);
            let Some(mini_fat) = compound.chain(read(60), size, "mini FAT")? else {
                return Ok(None);
            };
            compound.mini_stream = mini_stream;
            compound.mini_fat = words(&mini_fat)?.collect();
        }
        Ok(Some(compound))
    }

    /// The sector `id` as calamine reads it: cut short at the end of the file; `None` past
    /// the last sector calamine accepts.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        if id > self.max_sector {
            return None;
        }
        let start = (id as usize + 1).saturating_mul(self.sector_size);
        let end = start.saturating_add(self.sector_size);
        Some(
            self.bytes
                .get(start..end.min(self.bytes.len()))
                .unwrap_or_default(),
        )
    }

    /// The first `len` bytes of the chain from sector `id`, read as calamine reads it;
    /// `None` where calamine stops with an error, an error where it would loop or panic.
    fn chain(&self, mut id: u32, len: u64, what: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let mut data = Vec::new();
        let mut steps = 0usize;
        while id != END_OF_CHAIN {
            let Some(sector) = self.sector(id) else {
                return Ok(None);
            };
            let left = usize::try_from(len - data.len() as u64).unwrap_or(usize::MAX);
            data.extend_from_slice(&sector[..sector.len().min(left)]);
            if data.len() as u64 >= len {
                break;
            }
            // Every sector of a chain that ends is a different entry of the table.
            steps += 1;
            id = match self.fat.get(id as usize) {
                Some(next) if steps <= self.fat.len() => *next,
                Some(_) => return Err(corrupt(format!("OLE: the {what} chain loops"))),
                None => return Err(corrupt(format!("OLE: the {what} chain leaves the FAT"))),
            };
        }
        Ok(Some(data))
    }

    /// The stream named `name` (compared as calamine does, ASCII case aside); `None` where
    /// calamine does not find or read it.
    fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(&(_, start, size)) = self
            .entries
            .iter()
            .find(|(entry, _, _)| entry.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Ok(None);
        };
        if size >= 4096 {
            return self.chain(start, size, "workbook");
        }
        // A small stream lives in the mini stream, in 64-byte sectors chained by the mini
        // FAT. calamine reads sectors past the mini stream from wherever the file reader
        // stands; no program writes such a file.
        let mut data = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != END_OF_CHAIN {
            let at = id as usize * 64;
            let Some(sector) = self.mini_stream.get(at..at + 64) else {
                return Err(corrupt(format!(
                    "OLE: the {name} stream leaves the mini stream"
                )));
            };
            let left = usize::try_from(size).unwrap_or(usize::MAX) - data.len();
            data.extend_from_slice(&sector[..left.min(64)]);
            if data.len() as u64 >= size {
                break;
            }
            steps += 1;
            id = match self.mini_fat.get(id as usize) {
                Some(next) if steps <= self.mini_fat.len() => *next,
                _ => {
                    return Err(corrupt(format!(
                        "OLE: the {name} stream's mini chain is broken"
                    )));
                }
            };
        }
        Ok(Some(data))
    }
}

/// The little-endian words of a table sector; an error for a sector cut at the end of the
/// file within a word, where calamine panics.
fn words(bytes: &[u8]) -> Result<impl Iterator<Item = u32> + '_, ReadError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(corrupt("OLE: a table sector ends within a word".into()));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
}

/// One BIFF record with the CONTINUE records that follow it, as calamine groups them.
#[derive(Clone)]
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    more: std::collections::VecDeque<&'a [u8]>,
}

impl Record<'_> {
    /// Moves on to the next CONTINUE record's data, if any.
    fn next_part(&mut self) -> bool {
        match self.more.pop_front() {
            Some(part) => {
                self.data = part;
                true
            }
            None => false,
        }
    }

    /// Skips `len` bytes across CONTINUE records; `None` when they run out.
    fn skip(&mut self, mut len: usize) -> Option<()> {
        while len > 0 {
            if self.data.is_empty() && !self.next_part() {
                return None;
            }
            let step = len.min(self.data.len());
            self.data = &self.data[step..];
            len -= step;
        }
        Some(())
    }
}

/// The records of a stream, as calamine's `RecordIter` reads them: an error where it stops
/// with one.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.len() < 4 {
            return (!self.stream.is_empty()).then_some(Err(()));
        }
        let kind = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let Some(data) = self.stream.get(4..4 + len) else {
            return Some(Err(()));
        };
        self.stream = &self.stream[4 + len..];
        let mut more = std::collections::VecDeque::new();
        let continues = |s: &[u8]| s.len() > 4 && u16_at(s, 0) == Some(0x003C);
        while continues(self.stream) {
            let len = usize::from(u16_at(self.stream, 2)?);
            let Some(part) = self.stream.get(4..4 + len) else {
                return Some(Err(()));
            };
            more.push_back(part);
            self.stream = &self.stream[4 + len..];
        }
        Some(Ok(Record { kind, data, more }))
    }
}

/// Walks the workbook stream as calamine's `parse_workbook` does.
fn scan(stream: &[u8], limits: &Limits, text: &mut TextBudget) -> Result<(), ReadError> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    // The most each shared string decodes to: none before an SST record, as in calamine;
    // every string at its longest when the SST cannot be walked.
    let mut shared: Option<Vec<u32>> = Some(Vec::new());
    let mut biff8 = true;
    for record in (Records { stream }) {
        // calamine stops opening the workbook at a broken record of the globals.
        let Ok(record) = record else {
            return Ok(());
        };
        let data = record.data;
        match record.kind {
            // FilePass: encrypted; calamine says so.
            0x002F => match u16_at(data, 0) {
                Some(0) => {}
                Some(_) => return Ok(()),
                None => return Err(corrupt("BIFF: FilePass record too short".into())),
            },
            // CodePage, DateMode, BOF: calamine reads two bytes without looking.
            0x0042 | 0x0022 | 0x0809 if data.len() < 2 => {
                return Err(corrupt(format!(
                    "BIFF: record {:04X} too short",
                    record.kind
                )));
            }
            0x0809 => {
                let version = u16_at(data, 0).unwrap_or(0);
                let kind = u16_at(data, 2).unwrap_or(0);
                biff8 = match version {
                    0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
                    0 => kind != 0x1000,
                    _ => true,
                };
            }
            // BoundSheet8: where a sheet starts, and its name.
            0x0085 => {
                if data.len() < 6 {
                    return Err(corrupt("BIFF: BoundSheet8 record too short".into()));
                }
                let valid = data[4] & 0x3F <= 2 && matches!(data[5], 0 | 1 | 2 | 6);
                let name = sheet_name(&data[6..], biff8);
                let (Some(position), true, Some(name)) = (u32_at(data, 0), valid, name) else {
                    return Ok(());
                };
                sheets.push((position as usize, name));
            }
            0x00FC => shared = shared_strings(record.clone()),
            0x000A => break,
            _ => {}
        }
    }
    let mut before = 0usize;
    for (position, name) in &sheets {
        let Some(records) = stream.get(*position..) else {
            return Err(corrupt(format!(
                "BIFF: sheet \"{name}\" starts past the end of the workbook stream"
            )));
        };
        let mut bounds = Bounds::new(limits, name, before);
        if !scan_sheet(records, name, &mut bounds, shared.as_deref(), text)? {
            return Ok(());
        }
        before = before.saturating_add(bounds.cells());
    }
    Ok(())
}

/// A sheet's name as calamine decodes it for messages (a ShortXLUnicodeString; legacy code
/// pages are read as Latin-1 here); `None` where calamine stops.
fn sheet_name(data: &[u8], biff8: bool) -> Option<String> {
    let (&count, rest) = data.split_first()?;
    let count = usize::from(count);
    let (wide, rest) = if biff8 {
        let (&flags, rest) = rest.split_first()?;
        (flags & 1 != 0, rest)
    } else {
        (false, rest)
    };
    let mut name = if wide {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .take(count)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        rest.iter().take(count).map(|b| char::from(*b)).collect()
    };
    name.retain(|c| c != '\0');
    Some(name)
}

/// Walks one sheet's records from its BOF as calamine does, taking every cell position
/// into `bounds` and every cell's copy of a shared string into `text`. Returns false where
/// calamine stops opening the workbook with an error (no sheet is built then).
fn scan_sheet(
    stream: &[u8],
    name: &str,
    bounds: &mut Bounds<'_>,
    shared: Option<&[u32]>,
    text: &mut TextBudget,
) -> Result<bool, ReadError> {
    let mut seen_bof = false;
    // Inside an embedded substream (a chart): its records are not the sheet's.
    let mut depth = 0usize;
    let mut formula_at = (0u64, 0u64);
    let at = |data: &[u8]| -> (u64, u64) {
        (
            u64::from(u16_at(data, 0).unwrap_or(0)),
            u64::from(u16_at(data, 2).unwrap_or(0)),
        )
    };
    for record in (Records { stream }) {
        let Ok(record) = record else {
            return Ok(false);
        };
        let data = record.data;
        if depth > 0 {
            match record.kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        // The least data calamine reads each cell record with; shorter is its error.
        let short = |least: usize| data.len() < least;
        match record.kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS: calamine reserves room for the declared rows × columns.
            0x0200 => {
                let Some((rows, cols)) = declared(data) else {
                    return Ok(false);
                };
                if rows > XLS_ROWS || cols > XLS_COLS {
                    return Err(corrupt(format!(
                        "BIFF: sheet \"{name}\" declares {rows} rows × {cols} columns"
                    )));
                }
            }
            // Number, Label, RString, BoolErr, RK, Formula.
            0x0203 if short(14) => return Ok(false),
            0x0204 | 0x00D6 if short(6) => return Ok(false),
            0x0205 if short(8) => return Ok(false),
            0x027E if short(10) => return Ok(false),
            0x0006 if short(20) => return Ok(false),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => {
                let (row, col) = at(data);
                bounds.cell(row, col)?;
            }
            0x0006 => {
                formula_at = at(data);
                bounds.cell(formula_at.0, formula_at.1)?;
            }
            // String: the text value of the formula before it.
            0x0207 => bounds.cell(formula_at.0, formula_at.1)?,
            // LabelSst: a copy of a shared string.
            0x00FD => {
                if short(10) {
                    return Ok(false);
                }
                let (row, col) = at(data);
                bounds.cell(row, col)?;
                let index = u32_at(data, 6).unwrap_or(0) as usize;
                let size = match shared {
                    Some(sizes) => sizes.get(index).map_or(0, |s| u64::from(*s)),
                    None => LONGEST_SHARED_STRING,
                };
                text.take(size, name, row, col)?;
            }
            // MulRk: one row, columns first to last.
            0x00BD => {
                if short(6) {
                    return Ok(false);
                }
                let (row, first) = at(data);
                let last = u64::from(u16_at(data, data.len() - 2).unwrap_or(0));
                if last < first {
                    return Err(corrupt(format!(
                        "BIFF: sheet \"{name}\" has a MulRk backwards"
                    )));
                }
                if data.len() as u64 != 6 + 6 * (last - first + 1) {
                    return Ok(false);
                }
                bounds.block(row, first, 1, last - first + 1)?;
            }
            // MergeCells: calamine reads the count's regions without looking.
            0x00E5 => {
                let count = usize::from(u16_at(data, 0).unwrap_or(u16::MAX));
                if data.len() < 2 + 8 * count {
                    return Err(corrupt(format!(
                        "BIFF: sheet \"{name}\" has a MergeCells record too short"
                    )));
                }
            }
            _ => {}
        }
    }
    Ok(true)
}

/// The rows × columns a DIMENSIONS record declares, computed as calamine does;
/// `u64::MAX` where its subtraction would go below zero; `None` where it refuses the
/// record.
fn declared(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, end_row, mut first_col, end_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)?),
            u32::from(u16_at(data, 2)?),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || end_col < first_col {
        first_col = 0;
    }
    let (last_row, last_col) = if end_row >= 1 && end_col >= 1 {
        (end_row - 1, end_col - 1)
    } else {
        (first_row, first_col)
    };
    let count = |first: u32, last: u32| {
        u64::from(last)
            .checked_sub(u64::from(first))
            .map_or(u64::MAX, |n| n + 1)
    };
    Some((count(first_row, last_row), count(first_col, last_col)))
}

/// The most UTF-8 bytes each string of the shared string table (SST) decodes to, found by
/// walking the record and its CONTINUE records as calamine's `parse_sst` does; `None`
/// where that walk fails. A character takes at most four bytes: three for the code page
/// letter a compressed byte decodes to, one for the NUL calamine decodes beside it.
fn shared_strings(mut record: Record<'_>) -> Option<Vec<u32>> {
    record.data = record.data.get(8..)?;
    let mut sizes = Vec::new();
    while !record.data.is_empty() || record.next_part() {
        if record.data.is_empty() {
            sizes.push(0);
            continue;
        }
        let characters = usize::from(u16_at(record.data, 0)?);
        let flags = *record.data.get(2)?;
        record.data = &record.data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(record.data, 0)?);
            record.data = &record.data[2..];
        }
        let mut extra = 0usize;
        if flags & 0x4 != 0 {
            extra = i32::from_le_bytes(record.data.get(..4)?.try_into().ok()?) as usize;
            record.data = &record.data[4..];
        }
        // The characters, one or two bytes each; a CONTINUE record starts with its own
        // width flag.
        let mut left = characters;
        let mut wide = flags & 0x1 != 0;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let taken = left.min(record.data.len() / width);
            record.data = &record.data[taken * width..];
            left -= taken;
            if left > 0 {
                if !record.next_part() {
                    return None;
                }
                let (&part_flags, rest) = record.data.split_first()?;
                wide = part_flags & 0x1 != 0;
                record.data = rest;
            }
        }
        record.skip(runs.checked_mul(4)?)?;
        record.skip(extra)?;
        sizes.push(4 * characters as u32);
    }
    Some(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn shared_strings_are_walked_across_continue_records() {
        let mut sst = vec![0u8; 8];
        // "ab" compressed; then "xyz" wide, split by a CONTINUE after "x" that switches to
        // compressed; then a rich string with one run.
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([3, 0, 1, b'x', 0]);
        let mut part = vec![0u8, b'y', b'z'];
        part.extend([1, 0, 0x8, 1, 0, b'q', 1, 2, 3, 4]);
        let mut stream = record(0x00FC, &sst);
        stream.extend(record(0x003C, &part));
        let record = Records { stream: &stream }.next().unwrap().unwrap();
        assert_eq!(shared_strings(record), Some(vec![8, 12, 4]));
    }

    #[test]
    fn a_broken_shared_string_table_is_none() {
        let mut sst = vec![0u8; 8];
        sst.extend([5, 0, 0, b'a']);
        let stream = record(0x00FC, &sst);
        let record = Records { stream: &stream }.next().unwrap().unwrap();
        assert_eq!(shared_strings(record), None);
    }

    #[test]
    fn declared_dimensions_as_calamine_computes_them() {
        let biff8 = |rows: (u32, u32), cols: (u16, u16)| {
            let mut d = rows.0.to_le_bytes().to_vec();
            d.extend(rows.1.to_le_bytes());
            d.extend(cols.0.to_le_bytes());
            d.extend(cols.1.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        assert_eq!(declared(&biff8((0, 65536), (0, 256))), Some((65536, 256)));
        assert_eq!(declared(&biff8((0, 0), (0, 0))), Some((1, 1)));
        assert_eq!(declared(&biff8((10, 5), (0, 3))), Some((u64::MAX, 3)));
        assert_eq!(
            declared(&biff8((0, u32::MAX), (0, 0xFFFF))),
            Some((u64::from(u32::MAX), 65535))
        );
        assert_eq!(declared(&[0; 12]), None);
    }
}
