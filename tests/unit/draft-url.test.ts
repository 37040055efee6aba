// `dateline facts draft https://…` against a local HTTP server: the page's own metadata in the
// source record, the page saved beside the draft so that facts check --sources passes, redirects
// followed up to the limit, and a one-line error for a page that never answers, one too large,
// one that is not a page, a 404 and an address that is not http or https.
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { draftFacts } from '../../src/cli/draft.ts';
import { main, runCli } from '../../src/cli/main.ts';
import { readCoreConfig } from '../../src/config.ts';
import { formatProblem, loadFacts } from '../../src/facts/load.ts';
import { fetchPage, PAGE_LIMITS, PageError } from '../../src/facts/fetch-page.ts';
import { testDir } from '../support/temp-dir.ts';
import { captureOutput, FACTS_DIR } from './support.ts';

const ARTICLE = `<!doctype html>
<html><head>
  <title>Harbour lab files its first patent | Harbour Gazette</title>
  <meta property="og:title" content="Harbour lab files its first patent">
  <meta property="og:site_name" content="Harbour Gazette">
  <meta name="author" content="Jane Doe">
  <meta property="article:published_time" content="2024-02-14T23:30:00-05:00">
  <link rel="canonical" href="https://gazette.example/news/harbour-patent">
</head><body>
  <h1>Harbour lab files its first patent</h1>
  <p>The lab announced 2024-02-14 in a filing that its turbine blade is patented. In April 2023, the lab hired its first diver.</p>
</body></html>`;
/** "식약처는 2024년 2월 14일 인공지능 의료기기 허가 지침을 발표했다." in a <p>, in EUC-KR. */
const EUC_KR_PARAGRAPH = Buffer.from(
  '3c703ebdc4bee0c3b3b4c22032303234b3e22032bff9203134c0cf20c0ceb0f8c1f6b4c920c0c7b7e1b1e2b1e220c7e3b0a120c1f6c4a7c0bb20b9dfc7a5c7dfb4d92e3c2f703e',
  'hex',
);
const TOO_LARGE = PAGE_LIMITS.maxBytes + 1024;

let server: Server;
let base: string;
/** Responses held open by /never, ended when the server closes. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/news/harbour-patent.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    } else if (path === '/moved') {
      response.writeHead(301, { location: '/hop/1' }).end();
    } else if (path.startsWith('/hop/')) {
      const hop = Number(path.slice(5));
      response.writeHead(302, { location: hop >= 2 ? '/news/harbour-patent.html' : `/hop/${hop + 1}` }).end();
    } else if (path === '/loop') {
      response.writeHead(302, { location: '/loop' }).end();
    } else if (path === '/to-ftp') {
      response.writeHead(302, { location: 'ftp://gazette.example/file' }).end();
    } else if (path === '/never') {
      held.push(response);
    } else if (path === '/large') {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(TOO_LARGE) }).end(Buffer.alloc(TOO_LARGE, 0x20));
    } else if (path === '/large-stream') {
      // No Content-Length: the cap must hold while the body arrives.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      const write = () => {
        while (!response.destroyed && response.write(chunk)) if (response.writableLength > TOO_LARGE) break;
      };
      response.on('drain', write);
      write();
    } else if (path === '/euc-kr') {
      response.writeHead(200, { 'content-type': 'text/html; charset=euc-kr' });
      response.end(Buffer.concat([Buffer.from('<html><body>'), EUC_KR_PARAGRAPH, Buffer.from('</body></html>')]));
    } else if (path === '/report.pdf') {
      response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
    } else response.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const config = () => readCoreConfig({ FACTS_DIR, DATELINE_DB: join(testDir('db'), 'dateline.db') });

describe('dateline facts draft URL', () => {
  it('drafts from the page after its redirects, takes its metadata, saves it beside the draft, and passes facts check --sources', async () => {
    const dir = testDir('draft-url');
    copyFileSync(join(FACTS_DIR, 'themes.yaml'), join(dir, 'themes.yaml'));
    const output = join(dir, 'draft.yaml');
    const printed = captureOutput();
    expect(await runCli(['facts', 'draft', `${base}/moved`, '-o', output], adapters, printed.out)).toBe(0);
    const saved = join(dir, 'harbour-gazette-2024-02-14.html');
    expect(printed.text()).toBe(`${output}: 2 candidate facts (2 dated) to review; the page saved as ${saved}\n`);
    const yaml = readFileSync(output, 'utf8');
    for (const line of [
      '  - id: harbour-gazette-2024-02-14',
      '    title: "Harbour lab files its first patent"',
      '    publisher: "Harbour Gazette"',
      // The page's own date, as it wrote it (23:30 at UTC-5 is already the 15th in UTC).
      '    published: "2024-02-14"',
      '    author: "Jane Doe"',
      '    url: "https://gazette.example/news/harbour-patent"',
      '    text: "harbour-gazette-2024-02-14.html"',
      `# A DRAFT drawn from ${base}/moved by \`dateline facts draft\``,
      `# Then: dateline facts check DIR --sources ${dir}`,
    ])
      expect(yaml).toContain(line);
    expect(yaml).toMatch(/date: "2024-02-14" {4}# stated: "2024-02-14"/);
    expect(readFileSync(saved, 'utf8')).toBe(ARTICLE);
    const checked = loadFacts(dir, dir);
    expect(checked.ok ? [] : checked.problems.map(formatProblem)).toEqual([]);
  });

  it('records the address it read when the page names none, and says the page was not saved without -o', async () => {
    const printed = captureOutput();
    expect(await runCli(['facts', 'draft', `${base}/euc-kr`], adapters, printed.out)).toBe(0);
    expect(printed.text()).toContain(`    url: "${base}/euc-kr"`);
    expect(printed.text()).toContain('# The page was not saved (no -o): save it as euc-kr.html in your folder of source texts');
    // Decoded by the charset the page declares.
    expect(printed.text()).toContain('quote: "식약처는 2024년 2월 14일 인공지능 의료기기 허가 지침을 발표했다."');
    expect(printed.text()).toContain('date: "2024-02-14"');
  });

  it.each([
    ['/missing', () => `${base}/missing answered 404 Not Found.`],
    ['/report.pdf', () => `${base}/report.pdf is application/pdf, not an HTML or text page.`],
    ['/loop', () => `${base}/loop redirects more than 5 times.`],
    ['/large', () => `${base}/large is larger than 5 MB: save it and draft from the file.`],
    ['/large-stream', () => `${base}/large-stream is larger than 5 MB: save it and draft from the file.`],
    [
      '/to-ftp',
      () =>
        `ftp://gazette.example/file is not an http or https address (${base}/to-ftp redirects there): give a web page's address, or a file.`,
    ],
  ])('refuses %s with one line on stderr and exit code 2, writing nothing', async (path, message) => {
    const dir = testDir('draft-url');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['facts', 'draft', `${base}${path}`, '-o', join(dir, 'draft.yaml')], adapters, captureOutput().out)).toBe(2);
      expect(stderr.mock.calls.map(([text]) => String(text))).toEqual([`${message()}\n`]);
    } finally {
      stderr.mockRestore();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an address that is not http or https, without fetching it', async () => {
    await expect(runCli(['facts', 'draft', 'file:///etc/passwd'], adapters, captureOutput().out)).rejects.toThrow(
      "file:///etc/passwd is not an http or https address: give a web page's address, or a file.",
    );
  });

  it('gives up on a page that never answers at the time limit', async () => {
    const started = Date.now();
    await expect(draftFacts([`${base}/never`], {}, config(), captureOutput().out, { ...PAGE_LIMITS, timeoutMs: 300 })).rejects.toThrow(
      `${base}/never did not answer within 0.3 s.`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says why a server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const address = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((done) => closed.close(done));
    await expect(fetchPage(address)).rejects.toThrow(new PageError(`${address} could not be reached (ECONNREFUSED).`));
  });
});
