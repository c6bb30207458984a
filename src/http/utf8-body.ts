import { ProblemError, type ProblemType } from './problem';

/** The charset parameter of a Content-Type (RFC 9110 §8.3: token or quoted string, name case-insensitive), if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2])!.replace(/\\(.)/g, '$1') : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A text body's bytes as a string, only if they are UTF-8 and say so or say nothing: another charset is 415 (a
 * body sent as latin1 or GBK would otherwise be read as UTF-8 and its Chinese stored garbled), and bytes that are
 * not UTF-8 are `malformed` (400; a lenient decoder would store U+FFFD in their place and the sender would never
 * know). A byte-order mark is dropped. For every text body the API reads (JSON; CSV).
 */
export function decodeUtf8Body(body: Buffer, contentType: string | undefined, malformed: ProblemType = 'malformed-json'): string {
  const charset = charsetOf(contentType);
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new ProblemError('unsupported-media-type', {
      zh: `不支持字符集“${charset}”：请求体请以 UTF-8 编码发送（charset=utf-8 或不写 charset）`,
      en: `charset "${charset}" is not supported: send the body encoded as UTF-8 (charset=utf-8, or no charset)`,
    });
  }
  try {
    return utf8.decode(body);
  } catch {
    throw new ProblemError(malformed, { zh: '请求体不是有效的 UTF-8 编码', en: 'the body is not valid UTF-8' });
  }
}
