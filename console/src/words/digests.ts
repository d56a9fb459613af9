/** The console's words for verification against the signed digests (ADR 012), Chinese and English. */
export const ZH = {
  'nav.digests': '签名摘要',
  'digests.title': '对照签名摘要校验',
  'digests.lead': '台账之外保存的签名摘要记录了每条分录的哈希。即使有人改写分录并重算其后所有哈希，也会在被改写的那一条被发现。校验在浏览器中进行，只信任签名。',
  'digests.run': '对照签名摘要校验',
  'digests.sign': '立即签名',
  'digests.signed': '已签名：{n} 个新摘要，覆盖 {entries} 条分录',
  'digests.progress': '{j}：已读取 {digests} 个摘要，核对到第 {entries} 条分录',
  'digests.ok': '{j}：与 {n} 个签名摘要一致（第 1 至 {through} 条分录）',
  'digests.none': '{j}：尚无签名摘要（签名任务每隔几分钟运行一次，也可立即签名）',
  'digests.unsigned': '；另有 {count} 条分录尚未签名（自第 {from} 条起，最早于 {since}），签名任务将在两个签名周期内签上',
  'digests.bad': '{j}：自第 {seq} 条分录起未通过校验：{reason}',
  'digests.allOk': '对照签名摘要校验通过。',
  'digests.allBad': '对照签名摘要校验失败：台账在签名后被改动，或有分录超过两个签名周期仍未签名。',
} as const;

export const EN: Record<keyof typeof ZH, string> = {
  'nav.digests': 'Signed digests',
  'digests.title': 'Verify against the signed digests',
  'digests.lead': 'Signed digests kept outside the ledger record the hash of every entry: an entry rewritten, with every later hash recomputed, is caught at that entry. The check runs in this browser and trusts only the signatures.',
  'digests.run': 'Verify against the digests',
  'digests.sign': 'Sign now',
  'digests.signed': 'Signed: {n} new digest(s) covering {entries} entries',
  'digests.progress': '{j}: {digests} digest(s) read, entries checked to {entries}',
  'digests.ok': '{j}: agrees with {n} signed digest(s) (entries 1 to {through})',
  'digests.none': '{j}: no signed digest yet (the digest run signs every few minutes; or sign now)',
  'digests.unsigned': '; entries not yet signed: {count}, from entry {from}, the first since {since} (the digest run signs them within two periods)',
  'digests.bad': '{j}: fails from entry {seq}: {reason}',
  'digests.allOk': 'Verified against the signed digests.',
  'digests.allBad': 'Verification against the digests failed: the ledger was altered after it was signed, or entries waited more than two digest periods unsigned.',
};
