/**
 * Who sees and who answers which ticket, across tickets, messages and attachments. The demo has a
 * tier-1 distributor (with a staff user) and its resale and referral customers, two tier-2
 * resellers under it (one with a customer), and a solution provider with a customer.
 *
 * A ticket the caller may not see must answer exactly as a ticket that does not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { act, actors, detail, failure, fileMeta, listIds, openCase, PNG, write, type Osm } from './osm-client.ts';
import { signedFetchRaw } from './raw-fetch.ts';

type Who = keyof ReturnType<typeof actors>;
const EVERYONE: Who[] = ['operator', 'distributor', 'resellerOne', 'resellerTwo', 'provider', 'partnerOps', 'resale', 'referral', 'resellerCustomer', 'providerCustomer'];

describe('work orders: tenants and roles', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;
  /** Tickets by name, with who must see them and who answers them. */
  const tickets: Record<string, { id: string; attachment: string; seenBy: Who[]; handlers: Who[] }> = {};

  const upload = async (osm: Osm, name = 'shot.png') => String((await osm.upload(PNG, fileMeta(name))).body.accessory_id);

  before(async () => {
    t = await startTestApp();
    a = actors(t.url);
    const open = async (name: string, who: Who, body: Record<string, unknown>, seenBy: Who[], handlers: Who[]) => {
      const attachment = await upload(a[who]);
      const id = await openCase(a[who], { ...body, accessory_ids: [attachment], simple_description: `ticket ${name}` });
      tickets[name] = { id, attachment, seenBy, handlers };
    };
    const bill = { business_type_id: 'bt-bill', product_category_id: 'pc-billing' };
    const fault = { business_type_id: 'bt-fault', product_category_id: 'pc-ecs', region_id: 'cn-south-1', extends_map: { resource_id: 'ecs-1' } };
    // A resale customer's bill question: its partner answers.
    await open('resaleBill', 'resale', bill, ['operator', 'distributor', 'partnerOps', 'resale'], ['distributor', 'partnerOps']);
    // A tier-2's customer's bill question: the tier-2 answers, its tier-1 reads along.
    await open('tier2Bill', 'resellerCustomer', bill, ['operator', 'distributor', 'partnerOps', 'resellerOne', 'resellerCustomer'], ['resellerOne']);
    // A referral customer's bill question: served by the operator, read by the partner.
    await open('referralBill', 'referral', bill, ['operator', 'distributor', 'partnerOps', 'referral'], ['operator']);
    // A fault of the solution provider's customer: the operator answers.
    await open('providerFault', 'providerCustomer', fault, ['operator', 'provider', 'providerCustomer'], ['operator']);
    // The distributor's own question: the operator answers; its resellers and customers see nothing.
    await open('distributorOwn', 'distributor', { business_type_id: 'bt-usage' }, ['operator', 'distributor', 'partnerOps'], ['operator']);
  });
  after(async () => t.close());

  const sameAsMissing = async (osm: Osm, call: (id: string) => Promise<unknown>, id: string) => {
    const hidden = await failure(call(id));
    const missing = await failure(call('TTDOESNOTEXIST000000000000'));
    assert.equal(hidden.status, missing.status);
    assert.equal(hidden.errorCode, missing.errorCode);
    assert.equal(hidden.errorMsg?.replace(id, '<id>'), missing.errorMsg?.replace('TTDOESNOTEXIST000000000000', '<id>'));
    return hidden;
  };

  it('shows each ticket to exactly its customer, its partner, the tier-1 above and the operator', async () => {
    for (const who of EVERYONE) {
      const listed = new Set(await listIds(a[who]));
      for (const [name, tk] of Object.entries(tickets)) {
        const sees = tk.seenBy.includes(who);
        assert.equal(listed.has(tk.id), sees, `${who} lists ${name}`);
        if (sees) {
          assert.equal((await detail(a[who], tk.id)).incident_id, tk.id);
        } else {
          const err = await sameAsMissing(a[who], (id) => a[who].send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}', pathParams: { case_id: id } }), tk.id);
          assert.equal(err.errorCode, 'OSM.01010015', `${who} / ${name}`);
          await sameAsMissing(a[who], (id) => a[who].send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}/status', pathParams: { case_id: id } }), tk.id);
          await sameAsMissing(a[who], (id) => a[who].send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}/messages', pathParams: { case_id: id } }), tk.id);
          await sameAsMissing(a[who], (id) => write(a[who], id, 'hello'), tk.id);
          await sameAsMissing(a[who], (id) => act(a[who], id, 'press'), tk.id);
        }
      }
    }
  });

  it("lets whoever sees a ticket download its attachments, and nobody else (a foreign attachment looks missing)", async () => {
    for (const who of EVERYONE) {
      for (const [name, tk] of Object.entries(tickets)) {
        const raw = await rawDownload(who, tk.attachment);
        if (tk.seenBy.includes(who)) {
          assert.equal(raw.status, 200, `${who} downloads ${name}`);
          assert.ok(raw.data.equals(PNG));
        } else {
          const missing = await rawDownload(who, 'f'.repeat(32));
          assert.equal(raw.status, missing.status, `${who} / ${name}`);
          assert.equal(raw.json().error_code, missing.json().error_code);
          assert.equal(String(raw.json().error_msg).replace(tk.attachment, '<id>'), String(missing.json().error_msg).replace('f'.repeat(32), '<id>'));
        }
      }
    }
  });

  it('lets only the handler answer: a reader gets 403, and a handler cannot act for the customer', async () => {
    for (const [name, tk] of Object.entries(tickets)) {
      for (const who of tk.seenBy) {
        const isSubmitter = (await detail(a[who], tk.id)).customer_id === (await accountOf(who));
        if (isSubmitter) continue;
        if (tk.handlers.includes(who)) {
          const err = await failure(act(a[who], tk.id, 'cancel'));
          assert.equal(err.errorCode, 'OSM.01010002', `${who} cancels ${name} for the customer`);
        } else {
          const reply = await failure(write(a[who], tk.id, 'I am only reading'));
          assert.equal(reply.status, 403, `${who} writes to ${name}`);
          assert.equal(reply.errorCode, 'OSM.01010002');
          assert.equal((await failure(act(a[who], tk.id, 'accept'))).errorCode, 'OSM.01010002', `${who} accepts ${name}`);
        }
      }
    }
  });

  it("marks a partner's answers as a third party's and the operator's as the engineer's", async () => {
    const resale = tickets.resaleBill!;
    await write(a.partnerOps, resale.id, 'Your bill includes the new disk.');
    const provider = tickets.providerFault!;
    await write(a.operator, provider.id, 'Checking the host.');
    const last = async (osm: Osm, id: string) => {
      const res = await osm.send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}/messages', pathParams: { case_id: id } });
      return (res.body.message_list as Array<{ type: number; replier_type: number; replier_name: string }>).at(-1)!;
    };
    const partnerAnswer = await last(a.resale, resale.id);
    assert.deepEqual([partnerAnswer.type, partnerAnswer.replier_type, partnerAnswer.replier_name], [1, 2, 'demo-ops']);
    const operatorAnswer = await last(a.providerCustomer, provider.id);
    assert.deepEqual([operatorAnswer.type, operatorAnswer.replier_type, operatorAnswer.replier_name], [1, 1, 'pbss-operator']);
    // The customer's own side cannot play support on its ticket.
    assert.equal((await failure(act(a.resale, resale.id, 'resolve'))).errorCode, 'OSM.01010002');
  });

  it('lets a tier-2 hand its ticket to the operator, who then answers it while the tier-2 only reads', async () => {
    const tk = tickets.tier2Bill!;
    await act(a.resellerOne, tk.id, 'accept');
    await act(a.resellerOne, tk.id, 'transfer', { operate_desc: 'needs the cloud team' });
    let d = await detail(a.resellerCustomer, tk.id);
    assert.equal(d.business_ownership, 0);
    assert.equal(d.status, 0);
    assert.equal((await failure(write(a.resellerOne, tk.id, 'still here'))).errorCode, 'OSM.01010002');
    await write(a.operator, tk.id, 'The cloud team has it.');
    d = await detail(a.resellerCustomer, tk.id);
    assert.equal(d.status, 1);
    // The operator cannot "transfer" to itself.
    assert.equal((await failure(act(a.operator, tk.id, 'transfer'))).errorCode, 'OSM.01010002');
  });

  it('keeps attachments to their uploader until used, and usable once', async () => {
    const mine = await upload(a.referral, 'mine.png');
    // Another customer cannot attach it, download it or delete it.
    const foreign = await failure(openCase(a.resale, { accessory_ids: [mine] }));
    assert.equal(foreign.errorCode, 'OSM.01010001');
    assert.equal((await rawDownload('resale', mine)).status, 400);
    assert.equal((await failure(a.resale.send({ method: 'DELETE', url: '/v2/servicerequest/accessorys/{accessory_id}', pathParams: { accessory_id: mine } }))).errorCode, 'OSM.01010001');
    // Its uploader may fetch it before use.
    assert.equal((await rawDownload('referral', mine)).status, 200);
    // Once attached it cannot be attached again, nor deleted.
    const first = await openCase(a.referral, { accessory_ids: [mine] });
    assert.equal((await failure(openCase(a.referral, { accessory_ids: [mine] }))).errorCode, 'OSM.01010001');
    assert.equal((await failure(a.referral.send({ method: 'DELETE', url: '/v2/servicerequest/accessorys/{accessory_id}', pathParams: { accessory_id: mine } }))).errorCode, 'OSM.01010001');
    assert.equal((await detail(a.referral, first)).message_list[0]!.accessory_list.length, 1);
    // A failed open attaches nothing: the whole transaction is undone.
    const spare = await upload(a.referral, 'spare.png');
    await failure(openCase(a.referral, { accessory_ids: [spare, 'f'.repeat(32)] }));
    const row = await t.deps.db.kysely.selectFrom('work_order_attachments').selectAll().where('id', '=', spare).executeTakeFirstOrThrow();
    assert.equal(row.work_order_id, null);
    // Deleting an unused upload works once.
    assert.equal((await a.referral.send({ method: 'DELETE', url: '/v2/servicerequest/accessorys/{accessory_id}', pathParams: { accessory_id: spare } })).status, 200);
    assert.equal((await rawDownload('referral', spare)).status, 400);
  });

  it('hides a deleted ticket from everyone, the operator included', async () => {
    const id = await openCase(a.resale);
    await act(a.resale, id, 'cancel');
    await act(a.resale, id, 'delete');
    for (const who of ['resale', 'distributor', 'operator'] as const) {
      assert.ok(!(await listIds(a[who])).includes(id));
      assert.equal((await failure(detail(a[who], id))).errorCode, 'OSM.01010015');
    }
  });

  it('lets customers and partners open tickets, not the operator, and partners learn they may answer', async () => {
    assert.equal((await failure(openCase(a.operator))).errorCode, 'OSM.01010002');
    const privilege = async (osm: Osm) => (await osm.send({ method: 'GET', url: '/v2/servicerequest/cases/partners/privilege/cases-processing' })).body.has_privilege;
    assert.equal(await privilege(a.distributor), true);
    assert.equal(await privilege(a.partnerOps), true);
    assert.equal(await privilege(a.resale), false);
  });

  it('refuses unsigned and badly signed requests like the partner API', async () => {
    const res = await fetch(`${t.url}/v2/servicerequest/cases`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error_code: string }).error_code, 'APIGW.0301');
    const forged = await signedFetch(t.url, { ...credsFor('resale'), secret: 'x'.repeat(40) }, { method: 'GET', path: '/v2/servicerequest/cases' });
    assert.equal(forged.status, 401);
  });

  // --- helpers ---
  const keyOf: Record<Who, string> = {
    operator: 'operator',
    distributor: 'distributor',
    resellerOne: 'reseller_one',
    resellerTwo: 'reseller_two',
    provider: 'solution_provider',
    partnerOps: 'partner_operator',
    resale: 'resale_customer',
    referral: 'referral_customer',
    resellerCustomer: 'reseller_customer',
    providerCustomer: 'provider_customer',
  };
  const credsFor = (who: Who) => credsOf(demoActor(keyOf[who]));
  const accountOf = async (who: Who) => demoActor(keyOf[who]).accountId;
  const rawDownload = (who: Who, id: string) => signedFetchRaw(t.url, keyOf[who], `/v2/servicerequest/accessorys/${id}`);
});
