/**
 * A seeded corpus of malformed events, as SQS bodies: wrong types, bad credit codes, unknown detail-types, oversized
 * bodies, broken JSON, odd Unicode, negative, fractional and overflowing amounts, impossible dates, missing and
 * unknown fields. Every item must be rejected; the corpus is reproducible from its seed.
 */
import { USCC_CHARSET, usccCheckCharacter } from '../../shared/domain/uscc';
import { RECIPIENTS, rawEvent } from './events';
import { prng } from './prng';

export interface BadInput {
  readonly category: string;
  readonly name: string;
  readonly text: string;
}

type Mutable = Record<string, unknown> & { detail: Record<string, unknown> & { recipient: Record<string, unknown> } };

export function badInputCorpus(seed = 20261122): BadInput[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const corpus: BadInput[] = [];
  let n = 0;
  const design = (): Mutable => structuredClone(rawEvent('DesignServicePurchased', { approvedCostFen: 123_456_789 }, { recipient: 'baoding', reference: `BAD-${++n}`, eventId: `bad-${n}` })) as Mutable;
  const standard = (): Mutable =>
    structuredClone(
      rawEvent('StandardPublished', { standard: { number: 'GB/T 1-2024', title: '标准', level: 'national' }, draftingRank: 1 }, { recipient: 'shijiazhuang', reference: `BAD-${++n}`, eventId: `bad-${n}` }),
    ) as Mutable;
  const add = (category: string, name: string, event: unknown) => corpus.push({ category, name, text: JSON.stringify(event) });
  const set = (event: Mutable, path: string, value: unknown): Mutable => {
    const keys = path.split('.');
    let target: Record<string, unknown> = event;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[keys.at(-1) as string] = value;
    return event;
  };
  const drop = (event: Mutable, path: string): Mutable => {
    const keys = path.split('.');
    let target: Record<string, unknown> = event;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    delete target[keys.at(-1) as string];
    return event;
  };

  // Wrong types, field by field.
  const wrongTypes: Array<[string, unknown[]]> = [
    ['source', [42, null, true, ['quality.x']]],
    ['detail-type', [7, null, {}]],
    ['time', ['yesterday', '2024-13-01T00:00:00Z']],
    ['detail', [[], 'text', 12, null]],
    ['detail.recipient', ['91130600MA0CXK7L1X', [], null]],
    ['detail.recipient.kind', [1, null, 'Enterprise', 'person']],
    ['detail.recipient.uscc', [911306001, ['9113'], null]],
    ['detail.recipient.name', [123, { zh: '名' }, null, '']],
    ['detail.recipient.regionCode', [130600, '1306', '1306000', 'abcdef']],
    ['detail.reference', [1, ['a'], null, '   ']],
    ['detail.approvedCostFen', ['123', true, null, { fen: 1 }, [1]]],
  ];
  for (const [path, values] of wrongTypes) for (const value of values) add('wrong type', `${path} = ${JSON.stringify(value)}`, set(design(), path, value));
  for (const [path, value] of [
    ['detail.standard', 'GB/T 1'],
    ['detail.standard.level', 3],
    ['detail.standard.level', 'National'],
    ['detail.standard.number', null],
    ['detail.draftingRank', '1'],
    ['detail.draftingRank', 1.5],
    ['detail.draftingRank', 0],
    ['detail.draftingRank', -2],
    ['detail.draftingRank', 100_000],
  ] as Array<[string, unknown]>) {
    add('wrong type', `${path} = ${JSON.stringify(value)}`, set(standard(), path, value));
  }

  // Credit codes: wrong check characters, lengths, forbidden letters, lower case, full width, spaces.
  const valid17 = (): string => {
    for (;;) {
      const region = pick(['130102', '130600', '350100', '440300']);
      const body = `91${region}${Array.from({ length: 9 }, () => pick([...USCC_CHARSET])).join('')}`;
      if (usccCheckCharacter(body) !== null) return body;
    }
  };
  for (let i = 0; i < 40; i++) {
    const body = valid17();
    const good = usccCheckCharacter(body) as string;
    const wrong = pick([...USCC_CHARSET].filter((c) => c !== good));
    add('credit code', `wrong check character ${i}`, set(design(), 'detail.recipient.uscc', body + wrong));
  }
  for (const length of [0, 1, 8, 16, 17, 19, 20, 24, 36]) {
    add('credit code', `length ${length}`, set(design(), 'detail.recipient.uscc', Array.from({ length }, () => pick([...USCC_CHARSET])).join('')));
  }
  for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
    for (let i = 0; i < 3; i++) {
      const body = valid17();
      const at = 8 + Math.floor(random() * 9);
      add('credit code', `forbidden ${letter} at ${at + 1}`, set(design(), 'detail.recipient.uscc', `${body.slice(0, at)}${letter}${body.slice(at + 1)}0`));
    }
  }
  const code = RECIPIENTS.baoding.uscc;
  add('credit code', 'lower case', set(design(), 'detail.recipient.uscc', code.toLowerCase()));
  add('credit code', 'full-width digits', set(design(), 'detail.recipient.uscc', code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))));
  add('credit code', 'leading space', set(design(), 'detail.recipient.uscc', ` ${code.slice(1)}`));
  add('credit code', 'inner space', set(design(), 'detail.recipient.uscc', `${code.slice(0, 9)} ${code.slice(10)}`));
  add('credit code', 'hyphens', set(design(), 'detail.recipient.uscc', `${code.slice(0, 6)}-${code.slice(7)}`));
  add('credit code', 'combining accent', set(design(), 'detail.recipient.uscc', `${code.slice(0, 17)}\u0301`));

  // Unknown detail-types.
  for (const detailType of ['StandardPublishedV2', 'standardpublished', 'STANDARD_PUBLISHED', '', ' ', 'Award', 'AwardPaid', 'Standard Published', '标准发布', 'StandardPublished\u0000', 'CentreApproved ', 'Centre Approved', 'HonorConferred', 'DemonstrationZoneLost', '🏆']) {
    add('unknown detail-type', JSON.stringify(detailType), set(design(), 'detail-type', detailType));
  }

  // Oversized: the event, a name, a reference.
  add('oversized', 'event over 256 KiB', set(design(), 'detail.recipient.name', '名'.repeat(100_000)));
  add('oversized', 'padding field over 256 KiB', { ...design(), padding: 'x'.repeat(270_000) });
  add('oversized', 'name over 200 characters', set(design(), 'detail.recipient.name', 'A'.repeat(201)));
  add('oversized', 'reference over 200 characters', set(design(), 'detail.reference', '号'.repeat(201)));
  add('oversized', 'standard title over 500 characters', set(standard(), 'detail.standard.title', 't'.repeat(501)));
  add('oversized', 'id over 128 characters', set(design(), 'id', 'i'.repeat(129)));

  // Broken JSON.
  const text = JSON.stringify(design());
  for (const cut of [1, 10, 50, 100, 200, text.length - 1]) corpus.push({ category: 'broken JSON', name: `cut at ${cut}`, text: text.slice(0, cut) });
  for (const [name, broken] of [
    ['trailing comma', text.replace(/}$/, ',}')],
    ['single quotes', text.replace(/"/g, '\'')],
    ['NaN literal', text.replace('123456789', 'NaN')],
    ['comment', `// event\n${text}`],
    ['two objects', `${text}${text}`],
    ['empty body', ''],
    ['whitespace body', '   \n '],
    ['a JSON array', `[${text}]`],
    ['a JSON string', JSON.stringify(text)],
    ['null', 'null'],
    ['a number', '42'],
    ['unquoted key', text.replace('"source"', 'source')],
  ] as Array<[string, string]>) {
    corpus.push({ category: 'broken JSON', name, text: broken });
  }

  // Odd Unicode: control characters and unpaired surrogates in names and references, full width where digits belong.
  for (const [name, ch] of [['NUL', '\u0000'], ['BEL', '\u0007'], ['ESC', '\u001b'], ['DEL', '\u007f'], ['C1 NEL', '\u0085'], ['backspace', '\u0008']] as Array<[string, string]>) {
    add('odd Unicode', `${name} in name`, set(design(), 'detail.recipient.name', `某某${ch}公司`));
    add('odd Unicode', `${name} in reference`, set(design(), 'detail.reference', `冀工设服${ch}0042`));
  }
  for (const [name, ch] of [['high surrogate', '\ud83c'], ['low surrogate', '\udfc6'], ['reversed pair', '\udfc6\ud83c']] as Array<[string, string]>) {
    add('odd Unicode', `${name} in name`, set(design(), 'detail.recipient.name', `某某${ch}公司`));
    add('odd Unicode', `${name} in reference`, set(design(), 'detail.reference', `REF${ch}`));
  }
  // GBK bytes decoded as UTF-8 upstream: 石家庄某某公司 arrives as replacement characters.
  add('odd Unicode', 'U+FFFD in name', set(design(), 'detail.recipient.name', '\uFFFD\uFFFDׯ\uFFFD\uFFFDĳ\uFFFD\uFFFD˾'));
  add('odd Unicode', 'U+FFFD in reference', set(design(), 'detail.reference', '\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD〔2024〕12号'));
  add('odd Unicode', 'full-width region code', set(design(), 'detail.recipient.regionCode', '１３０６００'));
  add('odd Unicode', 'Arabic-Indic region code', set(design(), 'detail.recipient.regionCode', '١٣٠٦٠٠'));
  add('odd Unicode', 'full-width date', set(design(), 'detail.occurredOn', '２０２５-０３-０１'));

  // Amounts: negative, zero, fractional, overflowing, not numbers.
  const unsafe = [2 ** 53, 2 ** 53 + 2, 1e20, 1e308];
  for (const amount of [-1, -100, -123_456_789, Number.MIN_SAFE_INTEGER, 0, -0, 0.5, 1.5, 100.01, 123_456_789.9, ...unsafe]) {
    add('amount', `approvedCostFen ${amount}`, set(design(), 'detail.approvedCostFen', amount));
  }
  for (const granted of [-5, 0, 2.5, 1e21]) {
    add('amount', `grantedAmountFen ${granted}`, rawEvent('TechnologyProjectFunded', { programme: 'core-technology', grantedAmountFen: granted, projectName: 'p' }, { reference: `BAD-${++n}`, eventId: `bad-${n}` }));
  }
  corpus.push({ category: 'amount', name: 'approvedCostFen Infinity (serialised as a bare token)', text: text.replace('123456789', 'Infinity') });
  corpus.push({ category: 'amount', name: 'approvedCostFen hex literal', text: text.replace('123456789', '0x75BCD15') });
  // 2^53 + 1 written out: JSON.parse rounds it to 2^53, which is not a safe integer.
  corpus.push({ category: 'amount', name: 'approvedCostFen 9007199254740993', text: text.replace('123456789', '9007199254740993') });

  // Impossible dates.
  for (const date of ['2023-02-29', '2024-02-30', '2025-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-06-31', '2024-4-1', '24-04-01', '2024/04/01', '2024.04.01', '', 'yesterday', '2024-04-01T00:00:00Z', '0000-00-00', '2024-02-29 ']) {
    add('impossible date', `occurredOn ${JSON.stringify(date)}`, set(design(), 'detail.occurredOn', date));
  }
  add('impossible date', 'occurredOn as a number', set(design(), 'detail.occurredOn', 20_240_401));
  add('impossible date', 'fact after the event was sent', set(design(), 'detail.occurredOn', '2031-01-01'));

  // Missing required fields and unknown fields.
  for (const path of ['source', 'detail-type', 'detail', 'detail.recipient', 'detail.recipient.kind', 'detail.recipient.uscc', 'detail.recipient.name', 'detail.occurredOn', 'detail.reference', 'detail.approvedCostFen']) {
    add('missing field', path, drop(design(), path));
  }
  for (const [path, value] of [
    ['detail.amountYuan', 1234.56],
    ['detail.recipient.regioncode', '130600'],
    ['detail.recipient.bank', '6222…'],
    ['detail.approvedCost', 1],
  ] as Array<[string, unknown]>) {
    add('unknown field', path, set(design(), path, value));
  }
  return corpus;
}
