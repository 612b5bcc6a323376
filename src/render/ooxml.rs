//! Schema order for the WordprocessingML parts docx-rs writes.
//!
//! docx-rs 0.4 writes the children of property elements in an order of its
//! own (`w:rPr` first in `w:pPr`, `w:rFonts` after `w:sz`, `w:tblInd` after
//! `w:tblLayout`, the header references last in `w:sectPr`…), a `w:type`
//! attribute the schema does not declare on `w:gridCol`, an empty `w:rPr`
//! where a style's paragraph properties allow none, and no theme part.
//! Word, LibreOffice and python-docx read such files, but they are not
//! ECMA-376 documents, and a strict reader (Word's "repair", an archive's
//! validator) may refuse them. docx-rs offers no way to change any of this,
//! so [`normalise`] rewrites each part once the package is built.
//!
//! Guarantee: only the order of the children of the property elements
//! listed below changes, the undeclared `w:gridCol/@w:type` and empty `w:rPr`
//! where the schema has no `w:rPr` are dropped; every other byte of the
//! part is written as read (text, attributes, namespaces, declarations).
//! Names are matched with the `w:` prefix, which is the one docx-rs uses.

use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Run properties (`w:rPr`, CT_RPr and CT_ParaRPr).
const RUN_PROPERTIES: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w14:conflictIns",
    "w14:conflictDel",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w14:glow",
    "w14:shadow",
    "w14:reflection",
    "w14:textOutline",
    "w14:textFill",
    "w14:scene3d",
    "w14:props3d",
    "w14:ligatures",
    "w14:numForm",
    "w14:numSpacing",
    "w14:stylisticSets",
    "w14:cntxtAlts",
    "w:oMath",
    "w:rPrChange",
];
/// Paragraph properties of a paragraph (`w:pPr` in `w:p`, CT_PPr).
const PARAGRAPH_PROPERTIES: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];
/// Paragraph properties of a style, the defaults or a numbering level (CT_PPrGeneral): no `w:rPr`.
const GENERAL_PARAGRAPH_PROPERTIES: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:pPrChange",
];
/// Table properties (`w:tblPr`, CT_TblPr).
const TABLE_PROPERTIES: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
];
/// Table row properties (`w:trPr`, CT_TrPr).
const ROW_PROPERTIES: &[&str] = &[
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:trHeight",
    "w:hidden",
    "w:cantSplit",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:ins",
    "w:del",
    "w:trPrChange",
    "w14:conflictIns",
    "w14:conflictDel",
];
/// Table cell properties (`w:tcPr`, CT_TcPr).
const CELL_PROPERTIES: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];
/// Section properties (`w:sectPr`, CT_SectPr).
const SECTION_PROPERTIES: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w15:footnoteColumns",
    "w:sectPrChange",
];
/// Document settings (`w:settings`, CT_Settings).
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:uiCompat97To2003",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:decimalSymbol",
    "w:listSeparator",
    "w14:docId",
    "w14:discardImageEditingData",
    "w14:defaultImageDpi",
    "w14:conflictMode",
    "w15:chartTrackingRefBased",
    "w15:docId",
];
/// A style (`w:style`, CT_Style).
const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];
/// A numbering level (`w:lvl`, CT_Lvl).
const NUMBERING_LEVEL: &[&str] = &[
    "w:start",
    "w:numFmt",
    "w:lvlRestart",
    "w:pStyle",
    "w:isLgl",
    "w:suff",
    "w:lvlText",
    "w:lvlPicBulletId",
    "w:legacy",
    "w:lvlJc",
    "w:pPr",
    "w:rPr",
];
/// Cell borders (`w:tcBorders`).
const CELL_BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];
/// Table borders (`w:tblBorders`).
const TABLE_BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
];
/// Paragraph borders (`w:pBdr`).
const PARAGRAPH_BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:bottom",
    "w:right",
    "w:between",
    "w:bar",
];
/// Document defaults (`w:docDefaults`).
const DOCUMENT_DEFAULTS: &[&str] = &["w:rPrDefault", "w:pPrDefault"];

/// The schema order of the children of `name` (a qualified name) whose
/// parent is `parent`, if it is one of the elements put in order.
fn order(name: &[u8], parent: Option<&[u8]>) -> Option<&'static [&'static str]> {
    Some(match name {
        b"w:rPr" => RUN_PROPERTIES,
        b"w:pPr" => match parent {
            Some(b"w:style" | b"w:pPrDefault" | b"w:lvl") => GENERAL_PARAGRAPH_PROPERTIES,
            _ => PARAGRAPH_PROPERTIES,
        },
        b"w:tblPr" => TABLE_PROPERTIES,
        b"w:trPr" => ROW_PROPERTIES,
        b"w:tcPr" => CELL_PROPERTIES,
        b"w:sectPr" => SECTION_PROPERTIES,
        b"w:settings" => SETTINGS,
        b"w:style" => STYLE,
        b"w:lvl" => NUMBERING_LEVEL,
        b"w:tcBorders" => CELL_BORDERS,
        b"w:tblBorders" => TABLE_BORDERS,
        b"w:pBdr" => PARAGRAPH_BORDERS,
        b"w:docDefaults" => DOCUMENT_DEFAULTS,
        _ => return None,
    })
}

/// Attributes the schema does not declare on an element, dropped.
const UNDECLARED: &[(&[u8], &[u8])] = &[(b"w:gridCol", b"w:type")];

/// An element with its children, or any other event, as read.
enum Node {
    Element {
        start: BytesStart<'static>,
        children: Vec<Node>,
        /// Written as `<x />`.
        empty: bool,
    },
    Other(Event<'static>),
}

/// The part error: the XML did not read.
fn xml_error(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Rewrites one WordprocessingML part with the children of its property
/// elements in schema order (see the module documentation).
pub(crate) fn normalise(xml: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 64));
    // Names of the elements open around the reader, for the context of the
    // next element.
    let mut open: Vec<Vec<u8>> = Vec::new();
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Start(start) => {
                let name = start.name().as_ref().to_vec();
                let parent = open.last().map(Vec::as_slice);
                if order(&name, parent).is_some() {
                    let node = read_element(&mut reader, start.into_owned())?;
                    write_node(&mut writer, &arrange(node, parent))?;
                } else {
                    writer
                        .write_event(Event::Start(declared(start.into_owned())))
                        .map_err(xml_error)?;
                    open.push(name);
                }
            }
            Event::Empty(start) => writer
                .write_event(Event::Empty(declared(start.into_owned())))
                .map_err(xml_error)?,
            Event::End(end) => {
                open.pop();
                writer.write_event(Event::End(end)).map_err(xml_error)?;
            }
            other => writer.write_event(other).map_err(xml_error)?,
        }
    }
    Ok(writer.into_inner())
}

/// Reads the rest of the element `start` (its children up to its end tag).
fn read_element(reader: &mut Reader<&[u8]>, start: BytesStart<'static>) -> Result<Node, String> {
    let mut children = Vec::new();
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(child) => children.push(read_element(reader, child.into_owned())?),
            Event::Empty(child) => children.push(Node::Element {
                start: child.into_owned(),
                children: Vec::new(),
                empty: true,
            }),
            Event::End(_) => {
                return Ok(Node::Element {
                    start,
                    children,
                    empty: false,
                });
            }
            Event::Eof => return Err("unexpected end of the part".to_owned()),
            other => children.push(Node::Other(other.into_owned())),
        }
    }
}

fn name_of(node: &Node) -> Option<&[u8]> {
    match node {
        Node::Element { start, .. } => Some(start.name().into_inner()),
        Node::Other(_) => None,
    }
}

/// Puts the children of `node` (whose parent is `parent`) and of its
/// descendants in schema order, dropping what the schema does not allow.
fn arrange(node: Node, parent: Option<&[u8]>) -> Node {
    let Node::Element {
        start,
        children,
        empty,
    } = node
    else {
        return node;
    };
    let name = start.name().as_ref().to_vec();
    let mut children: Vec<Node> = children
        .into_iter()
        .map(|child| arrange(child, Some(&name)))
        .collect();
    // Only element content is reordered; mixed content stays as it is.
    if let Some(order) = order(&name, parent)
        && children.iter().all(|c| matches!(c, Node::Element { .. }))
    {
        let rank = |child: &Node| {
            name_of(child)
                .and_then(|n| order.iter().position(|o| o.as_bytes() == n))
                .unwrap_or(order.len())
        };
        // An empty `w:rPr` where the schema allows none (a style's
        // paragraph properties) says nothing: dropped.
        children.retain(|child| {
            !(name_of(child) == Some(b"w:rPr".as_slice())
                && rank(child) == order.len()
                && matches!(child, Node::Element { children, start, .. }
                    if children.is_empty() && start.attributes().next().is_none()))
        });
        // Stable: children the list does not name keep their order, last.
        children.sort_by_key(rank);
    }
    Node::Element {
        start: declared(start),
        children,
        empty,
    }
}

/// `start` without the attributes its element does not declare.
fn declared(start: BytesStart<'static>) -> BytesStart<'static> {
    let name = start.name().as_ref().to_vec();
    let drop: Vec<&[u8]> = UNDECLARED
        .iter()
        .filter(|(element, _)| *element == name.as_slice())
        .map(|(_, attribute)| *attribute)
        .collect();
    if drop.is_empty()
        || !start
            .attributes()
            .flatten()
            .any(|a| drop.contains(&a.key.as_ref()))
    {
        return start;
    }
    let mut kept = BytesStart::new(String::from_utf8_lossy(&name).into_owned());
    for attribute in start.attributes().flatten() {
        if !drop.contains(&attribute.key.as_ref()) {
            kept.push_attribute(attribute);
        }
    }
    kept
}

fn write_node(writer: &mut Writer<Vec<u8>>, node: &Node) -> Result<(), String> {
    match node {
        Node::Element {
            start,
            children,
            empty,
        } => {
            if *empty && children.is_empty() {
                writer
                    .write_event(Event::Empty(start.borrow()))
                    .map_err(xml_error)?;
            } else {
                writer
                    .write_event(Event::Start(start.borrow()))
                    .map_err(xml_error)?;
                for child in children {
                    write_node(writer, child)?;
                }
                writer
                    .write_event(Event::End(start.to_end()))
                    .map_err(xml_error)?;
            }
        }
        Node::Other(event) => writer.write_event(event.borrow()).map_err(xml_error)?,
    }
    Ok(())
}

/// Where the theme part goes in the package.
pub(crate) const THEME_PART: &str = "word/theme/theme1.xml";

/// The theme part docx-rs does not write. Strict readers require a main
/// document to relate to one; Word writes one in every document. Its fonts
/// are Times New Roman, the documents' face (no run refers to the theme's
/// fonts or colours, so it changes nothing that is printed).
pub(crate) const THEME: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="vanthu"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme><a:fontScheme name="vanthu"><a:majorFont><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#;

/// `[Content_Types].xml` naming the theme part.
pub(crate) fn with_theme_content_type(types: &[u8]) -> Vec<u8> {
    insert_before_last(
        types,
        "</Types>",
        &format!(
            r#"<Override PartName="/{THEME_PART}" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#
        ),
    )
}

/// `word/_rels/document.xml.rels` relating the main document to the theme.
pub(crate) fn with_theme_relationship(rels: &[u8]) -> Vec<u8> {
    insert_before_last(
        rels,
        "</Relationships>",
        r#"<Relationship Id="rIdVanthuTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#,
    )
}

fn insert_before_last(xml: &[u8], end_tag: &str, insert: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(xml);
    match text.rfind(end_tag) {
        Some(at) => format!("{}{insert}{}", &text[..at], &text[at..]).into_bytes(),
        None => xml.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(xml: &str) -> String {
        String::from_utf8(normalise(xml.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn property_children_are_put_in_schema_order() {
        // docx-rs's order: rPr first in pPr, rFonts after sz, jc before
        // spacing.
        let xml = r#"<w:p w14:paraId="1"><w:pPr><w:rPr><w:sz w:val="28" /><w:b /><w:rFonts w:ascii="Times New Roman" /></w:rPr><w:jc w:val="center" /><w:spacing w:before="0" /><w:keepNext /></w:pPr><w:r><w:rPr><w:i /><w:b /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#;
        assert_eq!(
            normalised(xml),
            r#"<w:p w14:paraId="1"><w:pPr><w:keepNext /><w:spacing w:before="0" /><w:jc w:val="center" /><w:rPr><w:rFonts w:ascii="Times New Roman" /><w:b /><w:sz w:val="28" /></w:rPr></w:pPr><w:r><w:rPr><w:b /><w:i /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn tables_sections_and_styles() {
        let xml = r#"<w:tbl><w:tblPr><w:tblW w:w="100" w:type="dxa" /><w:tblLayout w:type="fixed" /><w:tblInd w:w="0" w:type="dxa" /></w:tblPr><w:tblGrid><w:gridCol w:w="100" w:type="dxa" /></w:tblGrid><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr><w:tc><w:tcPr><w:vAlign w:val="center" /><w:tcW w:w="100" w:type="dxa" /><w:gridSpan w:val="2" /></w:tcPr><w:p /></w:tc></w:tr></w:tbl>"#;
        assert_eq!(
            normalised(xml),
            r#"<w:tbl><w:tblPr><w:tblW w:w="100" w:type="dxa" /><w:tblInd w:w="0" w:type="dxa" /><w:tblLayout w:type="fixed" /></w:tblPr><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr><w:tc><w:tcPr><w:tcW w:w="100" w:type="dxa" /><w:gridSpan w:val="2" /><w:vAlign w:val="center" /></w:tcPr><w:p /></w:tc></w:tr></w:tbl>"#
        );
        let xml = r#"<w:sectPr><w:pgSz w:w="1" /><w:titlePg /><w:headerReference w:type="default" r:id="rId1" /></w:sectPr>"#;
        assert_eq!(
            normalised(xml),
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rId1" /><w:pgSz w:w="1" /><w:titlePg /></w:sectPr>"#
        );
        // A style's paragraph properties allow no rPr: the empty one goes.
        let xml = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28" /><w:rFonts w:ascii="T" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style></w:styles>"#;
        assert_eq!(
            normalised(xml),
            r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="T" /><w:sz w:val="28" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr></w:pPr><w:rPr /></w:style></w:styles>"#
        );
    }

    #[test]
    fn everything_else_is_written_as_read() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"urn:w\"><w:body><w:p><w:r><w:t xml:space=\"preserve\">Hội đồng Thi đua\u{a0}-\u{a0}Khen thưởng &lt;x&gt;</w:t><w:br /></w:r></w:p></w:body></w:document>";
        assert_eq!(normalised(xml), xml);
    }

    #[test]
    fn the_theme_is_named_in_the_package() {
        let types = with_theme_content_type(b"<Types><Default Extension=\"xml\" /></Types>");
        assert!(String::from_utf8(types).unwrap().ends_with(
            "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\" /></Types>"
        ));
        let rels =
            with_theme_relationship(b"<Relationships><Relationship Id=\"rId1\" /></Relationships>");
        assert!(
            String::from_utf8(rels)
                .unwrap()
                .contains("Target=\"theme/theme1.xml\"")
        );
    }
}
