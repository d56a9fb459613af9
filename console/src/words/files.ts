/** The words for files an officer picks that cannot be read as they are (their encoding, ADR 026); merged by i18n.ts. */
export const ZH = {
  'credit.readGbk': '该文件不是 UTF-8 编码，已按 GB18030（GBK，Excel 在中文 Windows 上保存 CSV 的编码）读取，请核对名单名称。',
  'credit.fileEncoding': '无法读取该文件：既不是 UTF-8，也不是 GB18030（GBK）文本（或其字节顺序标记与内容不符）。请另存为「CSV UTF-8（逗号分隔）」后重新选择。',
  'credit.fileAmbiguous': '无法确定该文件的编码：按 UTF-8 读作「{utf8}」，按 GB18030（GBK）读作「{gbk}」。请另存为「CSV UTF-8（逗号分隔）」后重新选择。',
  'credit.fileNotChinese': '该文件不是 UTF-8，其第 {line} 行按 GB18030（GBK）读作「{gbk}」，不是中文文本。请另存为「CSV UTF-8（逗号分隔）」后重新选择。',
  'credit.fileBig5': '该文件不是 UTF-8，其第 {line} 行按 GB18030（GBK）读作「{gbk}」，不是中文文本；它可能是繁体中文 Windows 的 Big5 编码，读作「{big5}」。请另存为「CSV UTF-8（逗号分隔）」后重新选择。',
  'credit.fileTooLarge': '该文件超过 {max} 字节，无法读取：请分成几个文件导入。',
} as const;

export const EN: Record<keyof typeof ZH, string> = {
  'credit.readGbk': 'The file is not UTF-8: it was read as GB18030 (GBK, the encoding Excel saves CSV in on Chinese Windows). Check the list names.',
  'credit.fileEncoding': 'The file cannot be read: it is neither UTF-8 nor GB18030 (GBK) text (or its byte-order mark does not match it). Save it as "CSV UTF-8 (comma delimited)" and choose it again.',
  'credit.fileAmbiguous': 'The file\'s encoding cannot be told: as UTF-8 it reads 「{utf8}」, as GB18030 (GBK) 「{gbk}」. Save it as "CSV UTF-8 (comma delimited)" and choose it again.',
  'credit.fileNotChinese': 'The file is not UTF-8, and as GB18030 (GBK) its line {line} reads 「{gbk}」, which is not Chinese text. Save it as "CSV UTF-8 (comma delimited)" and choose it again.',
  'credit.fileBig5': 'The file is not UTF-8, and as GB18030 (GBK) its line {line} reads 「{gbk}」, which is not Chinese text; it may be Big5 (Traditional-Chinese Windows), which reads 「{big5}」. Save it as "CSV UTF-8 (comma delimited)" and choose it again.',
  'credit.fileTooLarge': 'The file is over {max} bytes and is not read: import it in several files.',
};
