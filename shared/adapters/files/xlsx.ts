/**
 * The one xlsx writer of the project, csv.ts's sibling (CONTRACT: "`xlsx` files are real workbooks: a sheet per table,
 * money as numbers in yuan with two decimals, frozen header row"). No dependency: the API bundle stays lean, and an
 * Office Open XML package is a handful of small XML parts in a ZIP (zip.ts).
 *
 * - Texts are UTF-8 XML in a shared-strings table, the form Excel itself writes and every reader (Excel, WPS, Numbers,
 *   LibreOffice) reads, so Chinese is right without a byte-order mark. A typed string cell is never evaluated, so the
 *   formula neutralising csv.ts does is not needed; characters XML 1.0 forbids are dropped, and Excel's own `_xHHHH_`
 *   escape is escaped so a text that holds one shows as written.
 * - Identity numbers are masked in every text cell but those of the columns that hold identifiers (csvDocument's rule).
 * - Money (`yuan`) arrives as integer fen and is written as the decimal yuan it is, built from integers (1234567 fen is
 *   `12345.67`), in the format `"¥"#,##0.00` (issue 22: the ¥ format; the cell stays a number that sums). Integers get
 *   the format `0`, so a long one never turns into 1.2E+11.
 * - Dates (`YYYY-MM-DD`) are written as real dates, a day serial in the format `yyyy-mm-dd`, so a finance officer can
 *   sort and filter by them; a date before 1900-03-01 (where Excel's serials are off by its 1900 leap day) is refused.
 *   Instants (`datetime`, ISO 8601 in UTC) are written as China Standard Time date-times (`yyyy-mm-dd hh:mm:ss`): a
 *   spreadsheet has no time zone, and the people who read it live in China time.
 * - A column without a width fits its widest cell (a CJK or full-width character counts two), up to 60 characters.
 * - Excel keeps 15 significant digits; a number with more would be shown and summed altered, so it is refused: at most
 *   999,999,999,999,999 (fen or units), about ten trillion yuan.
 * - The header row is bold and frozen. Every sheet name is checked against Excel's rules.
 *
 * Input this writer cannot write faithfully is a programmer's error: a RangeError, as csvDocument's. The same sheets
 * always make the same bytes (the ZIP carries a fixed time).
 */
import { redactIdNumbers } from '../../domain/person';
import { IDENTIFIERS } from '../../domain/redaction';
import { dateSerial, dateTimeSerial } from './xlsx-dates';
import { zip } from './zip';
import { LIMITS } from '../../limits';

/** The media type every xlsx answer carries. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `text`: a string (a number or boolean is written as its text); `yuan`: integer fen, written as yuan; `integer`: an
 * integer; `date`: a `YYYY-MM-DD` string, written as a date; `datetime`: an ISO instant, written as China time.
 * `null` or `undefined` leaves the cell empty in any column. `width` is in characters; without it the column fits
 * its header and its cells, and at least what its kind usually needs.
 */
export interface XlsxColumn {
  readonly header: string;
  readonly kind: 'text' | 'yuan' | 'integer' | 'date' | 'datetime';
  readonly width?: number;
}

export interface XlsxSheet {
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly rows: ReadonlyArray<readonly unknown[]>;
}

/** The cell formats of styles.xml, by their index in cellXfs. */
const STYLE = { text: 0, header: 1, yuan: 2, integer: 3, date: 4, datetime: 5 } as const;
const KIND_WIDTH = { text: 16, yuan: 16, integer: 10, date: 12, datetime: 20 } as const;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** The whole workbook: one sheet per table, in the order given. */
export function xlsxWorkbook(sheets: readonly XlsxSheet[]): Buffer {
  checkSheetNames(sheets);
  const strings = new SharedStrings();
  const worksheets = sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: utf8(sheetXml(sheet, strings)) }));
  return zip([
    { name: '[Content_Types].xml', data: utf8(contentTypesXml(sheets.length)) },
    { name: '_rels/.rels', data: utf8(`${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: utf8(workbookXml(sheets)) },
    { name: 'xl/_rels/workbook.xml.rels', data: utf8(workbookRelsXml(sheets.length)) },
    { name: 'xl/styles.xml', data: utf8(STYLES_XML) },
    { name: 'xl/sharedStrings.xml', data: utf8(strings.xml()) },
    ...worksheets,
  ]);
}

/** Excel's rules for a sheet name: 1 to 31 characters, none of : \ / ? * [ ], no quote at either end, unique. */
function checkSheetNames(sheets: readonly XlsxSheet[]): void {
  if (sheets.length === 0 || sheets.length > LIMITS.xlsx.sheetsMax) throw new RangeError(`a workbook has 1 to ${LIMITS.xlsx.sheetsMax} sheets, not ${sheets.length}`);
  const seen = new Set<string>();
  for (const { name } of sheets) {
    const problem = name.length === 0 || name.length > LIMITS.xlsx.sheetNameCharsMax ? `1 to ${LIMITS.xlsx.sheetNameCharsMax} characters`
      : /[:\\/?*[\]\u0000-\u001f]/.test(name) ? 'none of : \\ / ? * [ ] or a control character' // eslint-disable-line no-control-regex
        : name.startsWith('\'') || name.endsWith('\'') ? 'no apostrophe at either end'
          : name.toLowerCase() === 'history' ? 'not History, which Excel reserves'
            : seen.has(name.toLowerCase()) ? 'a name no other sheet of the workbook has (Excel ignores case)'
              : null;
    if (problem !== null) throw new RangeError(`the sheet name ${JSON.stringify(name)} is not one Excel accepts: it needs ${problem}`);
    seen.add(name.toLowerCase());
  }
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings): string {
  const { columns, rows } = sheet;
  if (columns.length === 0 || columns.length > LIMITS.xlsx.columnsMax) throw new RangeError(`the sheet ${sheet.name} needs 1 to ${LIMITS.xlsx.columnsMax} columns`);
  if (rows.length > LIMITS.xlsx.rowsMax) throw new RangeError(`the sheet ${sheet.name} has ${rows.length} rows, more than the ${LIMITS.xlsx.rowsMax} one sheet may hold`);
  const letters = columns.map((_, i) => columnLetters(i));
  const identifier = columns.map((c) => IDENTIFIERS.has(c.header));
  const header = columns.map((c, i) => `<c r="${letters[i]}1" s="${STYLE.header}" t="s"><v>${strings.add(cleanText(c.header, false))}</v></c>`).join('');
  const body = rows.map((row, r) => {
    if (row.length !== columns.length) throw new RangeError(`a row of the sheet ${sheet.name} has ${row.length} cells for ${columns.length} columns`);
    const cells = row.map((value, i) => cellXml(columns[i]!, value, `${letters[i]}${r + 2}`, identifier[i]!, strings)).join('');
    return `<row r="${r + 2}">${cells}</row>`;
  }).join('');
  const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c, rows, i)}" customWidth="1"/>`).join('');
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`
    + `<dimension ref="A1:${letters[letters.length - 1]}${rows.length + 1}"/>`
    + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    + `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols>`
    + `<sheetData><row r="1">${header}</row>${body}</sheetData></worksheet>`;
}

/** One cell, or nothing for an empty one. */
function cellXml(column: XlsxColumn, value: unknown, ref: string, identifier: boolean, strings: SharedStrings): string {
  if (value === null || value === undefined) return '';
  const kind = column.kind;
  switch (kind) {
    case 'text': {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
        throw new RangeError(`the text cell ${ref} holds a ${typeof value}, not a string`);
      }
      const text = cleanText(String(value), identifier);
      return text === '' ? '' : `<c r="${ref}" t="s"><v>${strings.add(text)}</v></c>`;
    }
    case 'yuan':
      return `<c r="${ref}" s="${STYLE.yuan}"><v>${yuanDecimal(exactInteger(value, ref))}</v></c>`;
    case 'integer':
      return `<c r="${ref}" s="${STYLE.integer}"><v>${exactInteger(value, ref)}</v></c>`;
    case 'date':
      return `<c r="${ref}" s="${STYLE.date}"><v>${dateSerial(value, ref)}</v></c>`;
    case 'datetime':
      return `<c r="${ref}" s="${STYLE.datetime}"><v>${dateTimeSerial(value, ref)}</v></c>`;
    default: {
      const never: never = kind;
      throw new RangeError(`no column kind ${String(never)}`);
    }
  }
}

function exactInteger(value: unknown, ref: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > LIMITS.xlsx.numberMax) {
    throw new RangeError(`the cell ${ref} needs an integer of at most 15 digits, not ${String(value)}`);
  }
  return value;
}

/** Fen as the decimal yuan it is, from integers only: 1234567 → `12345.67`, -5 → `-0.05`, 0 → `0.00`. */
export function yuanDecimal(fen: number): string {
  const abs = BigInt(Math.abs(fen));
  return `${fen < 0 ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** How wide a text shows, in characters: a CJK or full-width character takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return width;
}

/**
 * The width given, or what fits the header and the widest text cell of the first rows (a CJK or full-width character
 * takes two), at least what the kind needs, at most 60.
 */
function columnWidth(column: XlsxColumn, rows: ReadonlyArray<readonly unknown[]>, index: number): number {
  if (column.width !== undefined) {
    if (!Number.isFinite(column.width) || column.width <= 0 || column.width > LIMITS.xlsx.widthMax) throw new RangeError(`a column is 0 to ${LIMITS.xlsx.widthMax} characters wide, not ${column.width}`);
    return column.width;
  }
  let widest = displayWidth(column.header);
  if (column.kind === 'text') {
    for (let r = 0; r < rows.length && r < LIMITS.xlsx.measuredRowsMax; r++) {
      const value = rows[r]![index];
      if (value !== null && value !== undefined) widest = Math.max(widest, displayWidth(String(value)));
    }
  }
  return Math.min(LIMITS.xlsx.defaultWidthMax, Math.max(KIND_WIDTH[column.kind], widest + 2));
}

/**
 * A text as a cell shows it: the characters XML 1.0 forbids dropped first (so they cannot split an identity number
 * the mask would otherwise find), then identity numbers masked unless the column holds identifiers.
 */
function cleanText(raw: string, identifier: boolean): string {
  // Control characters other than tab, newline and carriage return, U+FFFE and U+FFFF, and unpaired surrogates.
  const text = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu, ''); // eslint-disable-line no-control-regex
  if (text.length > LIMITS.xlsx.cellCharsMax) throw new RangeError(`a cell holds at most ${LIMITS.xlsx.cellCharsMax} characters, not ${text.length}`);
  return identifier ? text : redactIdNumbers(text);
}

/** XML text: the five special characters, a carriage return kept as a reference, `_xHHHH_` kept literal for Excel. */
function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/_(?=x[0-9a-f]{4}_)/gi, '_x005F_');
}

/** The shared-strings table: each distinct text once, cells refer to it by index. */
class SharedStrings {
  readonly #index = new Map<string, number>();
  #uses = 0;

  add(text: string): number {
    this.#uses += 1;
    const known = this.#index.get(text);
    if (known !== undefined) return known;
    this.#index.set(text, this.#index.size);
    return this.#index.size - 1;
  }

  xml(): string {
    const items = [...this.#index.keys()].map((t) => `<si><t xml:space="preserve">${xmlEscape(t)}</t></si>`).join('');
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.#uses}" uniqueCount="${this.#index.size}">${items}</sst>`;
  }
}

function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`);
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`
    + `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`
    + `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>`
    + `${sheets.join('')}</Types>`;
}

function workbookXml(sheets: readonly XlsxSheet[]): string {
  const list = sheets.map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>${list}</sheets></workbook>`;
}

/** rId1 to rIdN are the sheets, in order; then the styles and the shared strings. */
function workbookRelsXml(sheetCount: number): string {
  const rel = (id: number, type: string, target: string) => `<Relationship Id="rId${id}" Type="${NS_REL}/${type}" Target="${target}"/>`;
  const sheets = Array.from({ length: sheetCount }, (_, i) => rel(i + 1, 'worksheet', `worksheets/sheet${i + 1}.xml`));
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${sheets.join('')}`
    + `${rel(sheetCount + 1, 'styles', 'styles.xml')}${rel(sheetCount + 2, 'sharedStrings', 'sharedStrings.xml')}</Relationships>`;
}

/** Fonts 0 (regular) and 1 (bold); cellXfs in STYLE's order: text, header, yuan (164), integer (built-in 1), date (165), datetime (166). */
const xf = (numFmtId: number, fontId: number, apply: string) => `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${apply}/>`;
const font = (bold: boolean) => `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
const STYLES_XML = `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">`
  + '<numFmts count="3"><numFmt numFmtId="164" formatCode="&quot;¥&quot;#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
  + `<fonts count="2">${font(false)}${font(true)}</fonts>`
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + `<cellXfs count="6">${xf(0, 0, '')}${xf(0, 1, ' applyFont="1"')}${xf(164, 0, ' applyNumberFormat="1"')}`
  + `${xf(1, 0, ' applyNumberFormat="1"')}${xf(165, 0, ' applyNumberFormat="1"')}${xf(166, 0, ' applyNumberFormat="1"')}</cellXfs>`
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
