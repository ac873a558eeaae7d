/**
 * Attachments: the limits /accessorys/limits publishes (size, type, count, daily allowance), both
 * upload forms, and the one exception to the signature rules: the SDKs' UNSIGNED-PAYLOAD for
 * multipart uploads, accepted on the upload route and nowhere else.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { verifySignature, type ParsedAuthorization } from '../../src/platform/http/signature.ts';
import { actors, failure, fileMeta, openCase, PNG, type Osm } from './osm-client.ts';
import { multipartBody, sendSigned, signedFetchRaw } from './raw-fetch.ts';

const MIB = 1024 * 1024;
const png = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length, 0x20)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('work orders: attachments', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;
  const customer = credsOf(demoActor('resale_customer'));
  before(async () => {
    t = await startTestApp();
    a = actors(t.url);
  });
  after(async () => t.close());

  const uploadError = async (osm: Osm, file: Buffer, meta: string) => failure(osm.upload(file, meta));

  it('publishes its limits', async () => {
    const res = await a.resale.send({ method: 'GET', url: '/v2/servicerequest/accessorys/limits' });
    assert.deepEqual(res.body.accessory_limit, { limit_count: '5', limit_size: '4', limit_file_type: 'jpg,jpeg,bmp,png,gif,txt,zip,docx,msg,eml,xlsx,pdf,log,ini,mp4,mov' });
  });

  it('takes a file of exactly the size limit and refuses one byte more, or an empty one', async () => {
    assert.equal((await a.resale.upload(png(4 * MIB), fileMeta('big.png'))).status, 200);
    const over = await uploadError(a.resale, png(4 * MIB + 1), fileMeta('bigger.png'));
    assert.equal(over.status, 400);
    assert.equal(over.errorCode, 'OSM.01010001');
    assert.match(over.errorMsg ?? '', /larger than 4 MB/);
    assert.match((await uploadError(a.resale, Buffer.alloc(0), fileMeta('empty.txt'))).errorMsg ?? '', /empty/);
  });

  it('takes only listed types whose content matches the extension', async () => {
    const ok = async (name: string, data: Buffer) => assert.equal((await a.resale.upload(data, fileMeta(name))).status, 200, name);
    const refused = async (name: string, data: Buffer, why: RegExp) => {
      const err = await uploadError(a.resale, data, fileMeta(name));
      assert.equal(err.errorCode, 'OSM.01010001', name);
      assert.match(err.errorMsg ?? '', why, name);
    };
    await ok('notes.txt', Buffer.from('the server stopped at 09:12\n'));
    await ok('SCREEN.PNG', PNG);
    await ok('trace.log', Buffer.from('line 1\nline 2\n'));
    await ok('report.pdf', Buffer.from('%PDF-1.7\n...'));
    await ok('logs.zip', Buffer.from('PK\x03\x04rest', 'latin1'));
    await refused('setup.exe', Buffer.from('MZ\x90\x00', 'latin1'), /\.exe is not allowed/);
    await refused('README', Buffer.from('no extension'), /not allowed/);
    await refused('page.png', Buffer.from('<html><script>alert(1)</script></html>'), /not a \.png file/);
    await refused('binary.txt', Buffer.from([0x61, 0x00, 0x62]), /not a \.txt file/);
    await refused('sheet.xlsx', Buffer.from('not a zip'), /not a \.xlsx file/);
  });

  it('falls back to the file part\'s own name, and tolerates form_data that is not JSON', async () => {
    const res = await a.resale.upload(PNG, "{/'accessFrom/':/'message/'}", { filename: 'from-part.png' });
    assert.equal(res.status, 200);
    const row = await t.deps.db.kysely.selectFrom('work_order_attachments').selectAll().where('id', '=', String(res.body.accessory_id)).executeTakeFirstOrThrow();
    assert.equal(row.file_name, 'from-part.png');
    assert.equal(row.sha256, sha256(PNG));
    // No name anywhere: refused.
    assert.equal((await uploadError(a.resale, PNG, '{}')).errorCode, 'OSM.01010001');
    // No file part: refused.
    const noFile = await sendSigned(t.url, customer, {
      method: 'POST',
      path: '/v2/servicerequest/accessorys',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      body: Buffer.from('--xyz\r\nContent-Disposition: form-data; name="form_data"\r\n\r\n{}\r\n--xyz--\r\n'),
    });
    assert.equal(noFile.status, 400);
    assert.match(String(noFile.json().error_msg), /no part named file/);
  });

  it('stores names safely and sends them back as an attachment download', async () => {
    const res = await a.resale.upload(Buffer.from('x'), fileMeta('../../etc/截图 "1".txt'));
    const id = String(res.body.accessory_id);
    const file = await signedFetchRaw(t.url, 'resale_customer', `/v2/servicerequest/accessorys/${id}`);
    assert.equal(file.status, 200);
    assert.equal(file.contentType, 'application/octet-stream');
    assert.equal(file.disposition, `attachment; filename="__ _1_.txt"; filename*=UTF-8''${encodeURIComponent('截图 "1".txt')}`);
  });

  it('accepts the JSON (Base64) upload the SDKs without multipart use', async () => {
    const send = (body: Record<string, unknown>) => a.resale.send({ method: 'POST', url: '/v2/servicerequest/accessorys/json-format-content', body });
    const res = await send({ accessory_name: 'shot.png', accessory_from: 'message', upload_type: 0, accessory_data: PNG.toString('base64') });
    const file = await signedFetchRaw(t.url, 'resale_customer', `/v2/servicerequest/accessorys/${String(res.body.accessory_id)}`);
    assert.ok(file.data.equals(PNG));
    assert.equal((await failure(send({ accessory_name: 'shot.png', accessory_data: 'not base64!' }))).errorCode, 'OSM.01010001');
    assert.equal((await failure(send({ accessory_name: 'big.png', accessory_data: png(4 * MIB + 1).toString('base64') }))).errorCode, 'OSM.01010001');
    assert.equal((await failure(send({ accessory_data: PNG.toString('base64') }))).errorCode, 'OSM.01010001');
  });

  it('caps the attachments of one ticket or message at the published count', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(String((await a.referral.upload(PNG, fileMeta(`s${i}.png`))).body.accessory_id));
    assert.equal((await failure(openCase(a.referral, { accessory_ids: ids }))).errorCode, 'OSM.01010001');
    const id = await openCase(a.referral, { accessory_ids: ids.slice(0, 5) });
    assert.ok(id);
  });

  it("keeps an account within its daily allowance of business time", async () => {
    // 99.5 MiB already uploaded today by the solution provider's customer (rows only; no bytes needed).
    const who = demoActor('provider_customer');
    const user = await t.deps.db.kysely.selectFrom('users').select('id').where('account_id', '=', who.accountId).executeTakeFirstOrThrow();
    const now = t.deps.clock.now().toISOString();
    for (let i = 0; i < 2; i++) {
      await t.deps.db.kysely
        .insertInto('work_order_attachments')
        .values({ id: `earlier${i}`, owner_account_id: who.accountId, owner_user_id: user.id, work_order_id: null, message_id: null, file_name: 'x.png', accessory_from: 'incident', size: Math.floor(99.5 * MIB) / 2, sha256: '0', object_key: 'none', created_at: now, deleted_at: null })
        .execute();
    }
    const err = await uploadError(a.providerCustomer, png(MIB), fileMeta('more.png'));
    assert.equal(err.errorCode, 'OSM.01010005');
    // Deleting uploads does not give the allowance back.
    await a.providerCustomer.send({ method: 'DELETE', url: '/v2/servicerequest/accessorys/{accessory_id}', pathParams: { accessory_id: 'earlier0' } });
    assert.equal((await uploadError(a.providerCustomer, png(MIB), fileMeta('more.png'))).errorCode, 'OSM.01010005');
    // A smaller file still fits; the next business day starts afresh.
    assert.equal((await a.providerCustomer.upload(PNG, fileMeta('small.png'))).status, 200);
    t.deps.sandboxClock!.setOffset(t.deps.sandboxClock!.offset + 24 * 3600_000);
    assert.equal((await a.providerCustomer.upload(png(MIB), fileMeta('more.png'))).status, 200);
  });

  describe('UNSIGNED-PAYLOAD, accepted only for multipart uploads on the upload route', () => {
    const form = multipartBody(PNG, fileMeta('signed.png'));

    it("accepts the official SDK's unsigned multipart upload (content-type left out of the signature)", async () => {
      assert.equal((await a.resale.upload(PNG, fileMeta('sdk.png'))).status, 200);
    });

    it('also accepts a multipart upload whose body is signed', async () => {
      const res = await sendSigned(t.url, customer, {
        method: 'POST',
        path: '/v2/servicerequest/accessorys',
        headers: { 'content-type': form.contentType, 'X-Sdk-Content-Sha256': sha256(form.body) },
        body: form.body,
      });
      assert.equal(res.status, 200);
    });

    it('refuses a signed multipart body that was changed in transit', async () => {
      const tampered = Buffer.from(form.body);
      tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 1;
      const res = await sendSigned(t.url, customer, {
        method: 'POST',
        path: '/v2/servicerequest/accessorys',
        headers: { 'content-type': form.contentType, 'X-Sdk-Content-Sha256': sha256(form.body) },
        body: tampered,
      });
      assert.equal(res.status, 401);
      assert.equal(res.json().error_code, 'APIGW.0301');
    });

    it('refuses UNSIGNED-PAYLOAD over a JSON body, on the upload route and on the JSON upload route', async () => {
      const json = Buffer.from(JSON.stringify({ accessory_name: 'a.png', accessory_data: PNG.toString('base64') }));
      for (const path of ['/v2/servicerequest/accessorys', '/v2/servicerequest/accessorys/json-format-content']) {
        const res = await sendSigned(t.url, customer, { method: 'POST', path, headers: { 'content-type': 'application/json', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: json });
        assert.equal(res.status, 401, path);
        assert.equal(res.json().error_code, 'APIGW.0301');
      }
    });

    it('refuses an unsigned multipart body on any other route', async () => {
      for (const path of ['/v2/servicerequest/cases', '/v2/servicerequest/accessorys/json-format-content', '/v2/partners/indirect-partners/query']) {
        const res = await sendSigned(t.url, customer, { method: 'POST', path, headers: { 'content-type': form.contentType, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: form.body });
        assert.equal(res.status, 401, path);
      }
      const stored = await t.deps.db.kysely.selectFrom('work_order_attachments').select('id').where('file_name', '=', 'signed.png').execute();
      assert.equal(stored.length, 1, 'only the signed upload above was stored');
    });

    it('keeps the verifier strict unless the caller opts in for that request', () => {
      const auth: ParsedAuthorization = { access: 'AK', signedHeaders: ['host', 'x-sdk-content-sha256', 'x-sdk-date'], signature: '00' };
      const headers: Record<string, string> = { host: 'h', 'x-sdk-date': '20300101T000000Z', 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' };
      const req = (allowed?: boolean) => ({ method: 'POST', rawPath: '/x', rawQuery: '', header: (n: string) => headers[n], body: Buffer.from('body'), unsignedPayloadAllowed: allowed });
      const now = new Date('2030-01-01T00:00:00Z');
      assert.equal(verifySignature(req(), auth, 'secret', now), 'unsigned-payload-with-body');
      assert.equal(verifySignature(req(false), auth, 'secret', now), 'unsigned-payload-with-body');
      // Allowed: the check goes on to the signature itself (which is wrong here).
      assert.equal(verifySignature(req(true), auth, 'secret', now), 'signature-mismatch');
    });
  });
});
