import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCreditCode } from '../helpers/api';
import { createTestApp, type TestApp } from '../helpers/app';
import { adminKey } from '../helpers/keys';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const register = async (payload: Record<string, unknown>, language?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/enterprises',
    headers: { ...(await adminKey(t.app)), ...(language ? { 'accept-language': language } : {}) },
    payload: { creditCode: newCreditCode(), name: '语言测试有限公司', regionCode: '310115', industryCode: '31', sizeClass: 'small', ...payload },
  });

describe('problems in the caller’s language', () => {
  const bad = { regionCode: '500112', creditCode: '000000000000000000', employees: 'many', nickname: 'x' };

  it('words title, detail and every field message in Chinese by default, and says so', async () => {
    const res = await register(bad);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-language']).toBe('zh');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    const body = res.json();
    expect(body).toMatchObject({ type: '/problems/validation-error', title: '请求体无效', status: 422 });
    expect(Object.fromEntries(body.errors.map((e: { pointer: string; code: string; message: string }) => [e.pointer, [e.code, e.message]]))).toEqual({
      '/creditCode': ['credit_code_authority', '第 1 位“0”不是 GB 32100 的登记管理部门代码（1–9、A、N、Y）'],
      '/regionCode': ['region_abolished', '500112 渝北区已于 2025 年撤销，请改用 500109 北碚区 或 500157 两江新区'],
      '/employees': ['invalid_type', '无效输入：期望 数字，实际接收 string'], // zod's zh-CN locale,
      '/nickname': ['unknown_field', '未知字段“nickname”'],
    });
    expect(body.detail).toContain('/regionCode：500112 渝北区已于 2025 年撤销');
  });

  it('words them in English on request, with the same type and codes', async () => {
    const res = await register(bad, 'en-GB,en;q=0.9,zh;q=0.5');
    expect(res.headers['content-language']).toBe('en');
    const body = res.json();
    expect(body).toMatchObject({ type: '/problems/validation-error', title: 'The request body is invalid', status: 422 });
    expect(Object.fromEntries(body.errors.map((e: { pointer: string; code: string; message: string }) => [e.pointer, [e.code, e.message]]))).toEqual({
      '/creditCode': ['credit_code_authority', 'position 1: "0" is not a registration-authority code of GB 32100 (1–9, A, N, Y)'],
      '/regionCode': ['region_abolished', '500112 渝北区 was abolished in 2025; use 500109 北碚区 or 500157 两江新区 instead'],
      '/employees': ['invalid_type', 'Invalid input: expected number, received string'],
      '/nickname': ['unknown_field', 'unknown field "nickname"'],
    });
    expect(body.detail).toContain('/regionCode: 500112 渝北区 was abolished in 2025');
  });

  it('falls back to Chinese for a language it does not speak', async () => {
    const res = await register(bad, 'fr-FR');
    expect(res.headers['content-language']).toBe('zh');
    expect(res.json().title).toBe('请求体无效');
  });

  it('words domain errors from the services in both languages (not found, conflict, authentication)', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    const headers = await adminKey(t.app);
    const zh = await t.app.inject({ url: `/v1/enterprises/${id}`, headers });
    expect(zh.json()).toMatchObject({ type: '/problems/not-found', title: '未找到', detail: `企业 ${id}不存在` });
    const en = await t.app.inject({ url: `/v1/enterprises/${id}`, headers: { ...headers, 'accept-language': 'en' } });
    expect(en.json()).toMatchObject({ type: '/problems/not-found', title: 'Not found', detail: `enterprise ${id} does not exist` });

    const first = await register({});
    const code = first.json().creditCode;
    const twice = await register({ creditCode: code });
    expect(twice.json()).toMatchObject({ type: '/problems/conflict', title: '冲突', detail: `统一社会信用代码为 ${code} 的企业已存在` });
    expect((await register({ creditCode: code }, 'en')).json().detail).toBe(`an enterprise with credit code ${code} already exists`);

    const anonymous = await t.app.inject({ url: '/v1/enterprises' });
    expect(anonymous.json()).toMatchObject({ status: 401, title: '需要身份认证', detail: '此操作需要 API 密钥' });
    const anonymousEn = await t.app.inject({ url: '/v1/enterprises', headers: { 'accept-language': 'en' } });
    expect(anonymousEn.json()).toMatchObject({ status: 401, title: 'Authentication required', detail: 'this operation needs an API key' });
  });

  it('words the scoring engine’s answer problems', async () => {
    const url = '/v1/questionnaires/general/versions/current/score';
    const zh = await t.app.inject({ method: 'POST', url, payload: { answers: { 'RD-01': 'Q' } } });
    expect(zh.statusCode).toBe(422);
    const messages = zh.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toContain('此必答指标未作答');
    expect(zh.json().detail).toMatch(/处答案问题|个必答指标未作答/);
    const en = await t.app.inject({ method: 'POST', url, payload: { answers: { 'RD-01': 'Q' } }, headers: { 'accept-language': 'en' } });
    expect(en.json().errors.map((e: { message: string }) => e.message)).toContain('this required indicator is unanswered');
  });

  it('serves the problem types in both languages', async () => {
    const zh = await t.app.inject('/problems/validation-error');
    expect(zh.headers['content-language']).toBe('zh');
    expect(zh.json()).toMatchObject({ type: '/problems/validation-error', title: '请求体无效', status: 422 });
    const en = await t.app.inject({ url: '/problems/validation-error', headers: { 'accept-language': 'en' } });
    expect(en.json()).toMatchObject({ type: '/problems/validation-error', title: 'The request body is invalid', status: 422 });
  });
});
