import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRows } from '../../src/enterprises/sheets/check';
import { SHEET_COLUMNS } from '../../src/enterprises/sheets/columns';
import { createTestApp, type TestApp } from '../helpers/app';
import { asEnterprise, assess, newCreditCode, registerEnterprise } from '../helpers/api';
import { adminKey, nationalKey } from '../helpers/keys';
import { rawSql } from '../helpers/postgres';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { definitions: [mini] });
});
afterAll(() => t.close());

const enterprise = (name: string) => ({ creditCode: newCreditCode(), name, regionCode: '320505', industryCode: '39', sizeClass: 'medium' });
const raw = async (body: string | Buffer, contentType: string, language = 'en') =>
  t.app.inject({
    method: 'POST',
    url: '/v1/enterprises',
    payload: body,
    headers: { ...(await adminKey(t.app)), 'content-type': contentType, 'accept-language': language },
  });
const post = async (url: string, payload: unknown, language = 'en', headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(await adminKey(t.app)), 'accept-language': language, ...headers } });

function problem(res: { statusCode: number; body: string; headers: Record<string, unknown>; json(): any }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json();
}

const count = async () => (await rawSql(t.app.services).get<{ n: number }>('select count(*) as n from enterprises'))!.n;

describe('bodies are UTF-8, and say so or say nothing', () => {
  it('refuses bytes that are not UTF-8 with 400 instead of storing U+FFFD', async () => {
    const before = await count();
    const text = JSON.stringify(enterprise('苏州XY有限公司'));
    // 0xC3 0x28 is an invalid two-byte sequence; 0xFF never occurs in UTF-8; an overlong "/" (0xC0 0xAF); a lone continuation byte.
    for (const bad of [[0xc3, 0x28], [0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80]]) {
      const at = Buffer.from(text).indexOf('XY');
      const body = Buffer.concat([Buffer.from(text).subarray(0, at), Buffer.from(bad), Buffer.from(text).subarray(at + 2)]);
      const p = problem(await raw(body, 'application/json'), 400);
      expect(p).toMatchObject({ type: '/problems/malformed-json', detail: 'the body is not valid UTF-8' });
    }
    expect(problem(await raw(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json', 'zh'), 400).detail).toBe('请求体不是有效的 UTF-8 编码');
    expect(await count()).toBe(before);
  });

  it('refuses a charset other than UTF-8 with 415 and takes utf-8 in any spelling', async () => {
    const body = JSON.stringify(enterprise('苏州字符集有限公司'));
    for (const type of [
      'application/json; charset=latin1',
      'application/json;charset=ISO-8859-1',
      'application/json; charset="gbk"',
      'application/json; charset=utf-16',
    ]) {
      const p = problem(await raw(Buffer.from(body, 'latin1'), type), 415);
      expect(p.type).toBe('/problems/unsupported-media-type');
      expect(p.detail).toMatch(/^charset ".+" is not supported: send the body encoded as UTF-8/);
    }
    expect(problem(await raw(body, 'application/json; charset=latin1', 'zh'), 415).detail).toMatch(/^不支持字符集“latin1”/);
    expect((await raw(body, 'application/json; charset=UTF-8')).statusCode).toBe(201);
    expect((await raw(JSON.stringify(enterprise('苏州引号有限公司')), 'application/json; charset="utf-8"')).statusCode).toBe(201);
    const withBom = await raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(enterprise('苏州BOM有限公司')))]), 'application/json');
    expect(withBom.statusCode).toBe(201);
    expect(withBom.json().name).toBe('苏州BOM有限公司');
  });
});

describe('free text refuses control characters, bidi overrides and lone surrogates, naming the field', () => {
  const cases: [string, string, string, string][] = [
    ['\u0000', 'control_character', 'contains a control character (character 1, U+0000)', '含有控制字符（第 1 个字符 U+0000）'],
    ['苏州\u0007有限公司', 'control_character', 'contains a control character (character 3, U+0007)', '含有控制字符（第 3 个字符 U+0007）'],
    ['苏州\u0085有限公司', 'control_character', 'contains a control character (character 3, U+0085)', '含有控制字符（第 3 个字符 U+0085）'],
    ['苏州\u007F有限公司', 'control_character', 'contains a control character (character 3, U+007F)', '含有控制字符（第 3 个字符 U+007F）'],
    [
      '苏州\n有限公司',
      'control_character',
      'contains a line break or tab (character 3, U+000A); this field is one line',
      '含有换行符或制表符（第 3 个字符 U+000A）；此字段只能是一行',
    ],
    [
      '苏州\u202E司公限有',
      'bidi_control',
      expect.stringContaining('bidirectional formatting character (character 3, U+202E)') as never,
      expect.stringContaining('双向文本控制字符（第 3 个字符 U+202E）') as never,
    ],
    ['苏州\u2067有限公司\u2069', 'bidi_control', expect.stringContaining('U+2067') as never, expect.stringContaining('U+2067') as never],
    [
      '苏州\ud800有限公司',
      'lone_surrogate',
      'contains a lone surrogate (character 3, U+D800), which is not a Unicode character',
      '含有不成对的代理码元（第 3 个字符 U+D800），它不是 Unicode 字符',
    ],
    ['苏州有限公司\udfff', 'lone_surrogate', expect.stringContaining('U+DFFF') as never, expect.stringContaining('U+DFFF') as never],
  ];

  it('in an enterprise name, in zh and en, and stores nothing', async () => {
    const before = await count();
    for (const [name, code, en, zh] of cases) {
      // JSON.stringify writes a lone surrogate as the \udXXX escape a client would send.
      const body = JSON.stringify(enterprise(name));
      const english = problem(await raw(body, 'application/json'), 422);
      expect(english.type).toBe('/problems/validation-error');
      expect(english.errors).toEqual([{ in: 'body', pointer: '/name', code, message: en }]);
      expect(problem(await raw(body, 'application/json', 'zh'), 422).errors).toEqual([{ in: 'body', pointer: '/name', code, message: zh }]);
    }
    expect(await count()).toBe(before);
  });

  it('keeps what is text: emoji and rare CJK (surrogate pairs), marks, surrounding white space trimmed', async () => {
    const res = await raw(JSON.stringify(enterprise('  𠮷野家😀\u200f(苏州)有限公司\n')), 'application/json');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().name).toBe('𠮷野家😀\u200f(苏州)有限公司');
  });

  it('in a PATCH of the name', async () => {
    const e = await registerEnterprise(t.app);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/enterprises/${e.id}`,
      payload: { name: 'A\u0000' },
      headers: { ...asEnterprise(t.app, e.id), 'if-match': '"1"', 'accept-language': 'en' },
    });
    expect(problem(res, 422).errors).toEqual([
      { in: 'body', pointer: '/name', code: 'control_character', message: 'contains a control character (character 2, U+0000)' },
    ]);
  });

  it("in an API key's label", async () => {
    const p = problem(await post('/v1/api-keys', { role: 'admin', label: 'ops\u202Ebot' }), 422);
    expect(p.errors).toEqual([{ in: 'body', pointer: '/label', code: 'bidi_control', message: expect.stringContaining('U+202E') }]);
  });

  it("in a snapshot's note, which may run over lines", async () => {
    const national = await nationalKey(t.app);
    const typical = {
      'RD-01': 'C',
      'RD-02': 25,
      'RD-03': true,
      'AP-01': 20,
      'AP-02': true,
      'AP-03': 60,
      'IN-01': 'B',
      'IN-02': ['A'],
      'CO-01': 'B',
      'PF-01': 10,
    };
    await assess(t.app, (await registerEnterprise(t.app, { industryCode: '39', regionCode: '320505' })).id, '2024', typical);
    const p = problem(await post('/v1/index-snapshots', { period: '2024', note: 'first\u0000' }, 'en', national), 422);
    expect(p.errors).toEqual([{ in: 'body', pointer: '/note', code: 'control_character', message: 'contains a control character (character 6, U+0000)' }]);
    const lines = await post('/v1/index-snapshots', { period: '2024', note: 'first line\r\n\tsecond line' }, 'en', national);
    expect(lines.statusCode, lines.body).toBe(201);
    expect(lines.json().note).toBe('first line\r\n\tsecond line');
  });

  it("in a questionnaire definition's labels and texts, each named by its pointer", async () => {
    const definition = structuredClone(mini);
    definition.version = '2026.7';
    definition.title.en = 'Mini\u0000';
    definition.indicators[0].label.zh = '指标\u202D';
    definition.indicators[0].help.en = 'line one\nline two'; // a text may run over lines
    definition.dimensions[0].label.en = 'two\nlines'; // a label may not
    const p = problem(await post(`/v1/questionnaires/${mini.id}/versions`, definition), 422);
    expect(p.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([
      ['/title/en', 'control_character'],
      ['/dimensions/0/label/en', 'control_character'],
      ['/indicators/0/label/zh', 'bidi_control'],
    ]);
  });

  it('in a row of an enterprise sheet, which is checked by the same schema', () => {
    const column = (key: string) => SHEET_COLUMNS.find((c) => c.key === key)!;
    const cells = new Map<(typeof SHEET_COLUMNS)[number], unknown>([
      [column('creditCode'), newCreditCode()],
      [column('name'), '苏州\u0000有限公司'],
      [column('regionCode'), '320505'],
      [column('industryCode'), '39'],
      [column('sizeClass'), 'medium'],
    ]);
    const { problems } = checkRows([{ line: 2, cells } as never]);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        code: 'control_character',
        message: expect.objectContaining({ en: 'contains a control character (character 3, U+0000)' }),
      }),
    ]);
  });
});

describe('query strings', () => {
  const get = async (url: string, language = 'en') => t.app.inject({ url, headers: { ...(await adminKey(t.app)), 'accept-language': language } });

  it('refuses %-escapes that are not UTF-8, naming the parameter', async () => {
    const p = problem(await get('/v1/audit-log?keyId=%FF%FE'), 400);
    expect(p.type).toBe('/problems/invalid-parameter');
    expect(p.errors).toEqual([{ in: 'query', pointer: '/keyId', code: 'invalid_utf8', message: 'its %-escapes are not valid UTF-8' }]);
    expect(problem(await get('/v1/enterprises?cursor=%C3%28', 'zh'), 400).errors).toEqual([
      { in: 'query', pointer: '/cursor', code: 'invalid_utf8', message: '百分号编码不是有效的 UTF-8' },
    ]);
    expect(problem(await get('/v1/enterprises?cursor=%E4%B8'), 400).errors[0].code).toBe('invalid_utf8');
  });

  it('refuses control characters, bidi controls and lone surrogates in any query value', async () => {
    expect(problem(await get('/v1/audit-log?keyId=a%00b'), 400).errors).toEqual([
      { in: 'query', pointer: '/keyId', code: 'control_character', message: 'contains a control character (character 2, U+0000)' },
    ]);
    expect(problem(await get('/v1/regions?parent=31%E2%80%AE0000'), 400).errors[0]).toMatchObject({ pointer: '/parent', code: 'bidi_control' });
    expect(problem(await get('/v1/indices/000000?period=2024%0A'), 400).errors[0]).toMatchObject({ pointer: '/period', code: 'control_character' });
    // %ED%A0%80 would be a surrogate's UTF-8 form, which UTF-8 does not allow
    expect(problem(await get('/v1/audit-log?keyId=%ED%A0%80'), 400).errors[0]).toMatchObject({ pointer: '/keyId', code: 'invalid_utf8' });
  });

  it('leaves well-formed queries alone, + and %20 as spaces included', async () => {
    expect((await get('/v1/audit-log?keyId=%E4%B8%AD+x&limit=5')).statusCode).toBe(200);
    expect((await get('/v1/regions?parent=310000')).statusCode).toBe(200);
  });
});
