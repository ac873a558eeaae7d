import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectSdkError, type SdkError } from '../support/sdk.ts';
import { actorId, client, createCustomer, ENTERPRISE, freshMobile, uploadAttachments } from './helpers.ts';

/**
 * Tenancy: a partner (and a tier-2 reseller) never lists, reads, verifies or acts on another
 * partner's customers, and a foreign customer id answers exactly like one that does not exist; a
 * tier-1 reaches its tier-2's customers only by naming the reseller in indirect_partner_id.
 */
describe('customers: tenant isolation', () => {
  let t: TestApp;
  const own: Record<string, string[]> = {};
  before(async () => {
    t = await startTestApp();
    // One more customer each, created through the API.
    for (const who of ['distributor', 'reseller_one', 'reseller_two', 'solution_provider']) {
      own[who] = [(await createCustomer(t, who)).id];
    }
    own.distributor!.push(actorId('resale_customer'), actorId('referral_customer'));
    own.reseller_one!.push(actorId('reseller_customer'));
    own.solution_provider!.push(actorId('provider_customer'));
    own.partner_operator = own.distributor!;
  });
  after(async () => t.close());

  const MISSING = '0123456789abcdef0123456789abcdef';
  const callers = ['distributor', 'partner_operator', 'reseller_one', 'reseller_two', 'solution_provider'] as const;
  const foreignTo = (who: string) => Object.entries(own).filter(([k]) => own[k] !== own[who]).flatMap(([, ids]) => ids);

  const listIds = async (who: string, body: Record<string, unknown> = {}) =>
    ((await client(t, who).call('list_sub_customers', { body: { limit: 100, ...body } })).body.customer_infos as Array<{ customer_id: string }>).map((i) => i.customer_id).sort();

  it('lists exactly the caller\'s own customers', async () => {
    for (const who of callers) assert.deepEqual(await listIds(who), [...own[who]!].sort(), who);
  });

  it('answers a foreign customer id like a missing one in every customer operation', async () => {
    const [file] = await uploadAttachments(t, 'distributor', 'tenancy', 1);
    for (const who of callers) {
      await uploadAttachments(t, who, 'tenancy', 1);
      const probe = async (customerId: string) => {
        const errors = async (p: Promise<unknown>) => {
          const e: SdkError = await expectSdkError(p);
          return `${e.status} ${e.errorCode} ${e.errorMsg}`;
        };
        const c = client(t, who);
        return {
          listed: await listIds(who, { customer_id: customerId }),
          tags: (await c.call('list_sub_customer_new_tag', { body: { customer_ids: [customerId] } })).body,
          review: await errors(c.call('show_realname_authentication_review_result', { query: { customer_id: customerId } })),
          enterprise: await errors(c.call('create_enterprise_realname_authentication', { body: { customer_id: customerId, ...ENTERPRISE, verified_file_url: [file] } })),
          change: await errors(c.call('change_enterprise_realname_authentication', { body: { customer_id: customerId, ...ENTERPRISE, change_type: 1, verified_file_url: [file] } })),
          personal: await errors(
            c.call('create_personal_realname_auth', {
              body: { customer_id: customerId, identify_type: 0, verified_type: 3, verified_file_url: [file, file, file], name: 'X', verified_number: '1', xaccount_type: 'demo_platform' },
            }),
          ),
          code: await errors(c.call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: freshMobile(), scene: 18, customer_id: customerId } })),
        };
      };
      const missing = await probe(MISSING);
      assert.deepEqual(missing.listed, []);
      assert.match(missing.review, /^400 CBC\.99000035 /);
      for (const foreign of foreignTo(who)) assert.deepEqual(await probe(foreign), missing, `${who} probing ${foreign}`);
    }
  });

  it("lets a tier-1 reach a tier-2's customers only with indirect_partner_id naming that reseller", async () => {
    const r1 = actorId('reseller_one');
    const r2 = actorId('reseller_two');
    assert.deepEqual(await listIds('distributor', { indirect_partner_id: r1 }), [...own.reseller_one!].sort());
    assert.deepEqual(await listIds('partner_operator', { indirect_partner_id: r2 }), [...own.reseller_two!].sort());
    assert.deepEqual(await listIds('distributor', { indirect_partner_id: r2, customer_id: own.reseller_one![0] }), []);
    const tags = await client(t, 'distributor').call('list_sub_customer_new_tag', { body: { indirect_partner_id: r1, customer_ids: own.reseller_one } });
    assert.equal((tags.body.new_customer_tags as unknown[]).length, own.reseller_one!.length);
    // Real-name operations have no indirect_partner_id: the reseller's customers stay the reseller's.
    const err = await expectSdkError(client(t, 'distributor').call('show_realname_authentication_review_result', { query: { customer_id: own.reseller_one![0]! } }));
    assert.equal(err.errorCode, 'CBC.99000035');
  });

  it('refuses indirect_partner_id naming anyone but a tier-1\'s own reseller (CBC.99000037)', async () => {
    for (const [who, target] of [
      ['reseller_one', actorId('reseller_two')],
      ['reseller_two', actorId('reseller_one')],
      ['solution_provider', actorId('reseller_one')],
      ['distributor', actorId('solution_provider')],
      ['distributor', actorId('resale_customer')],
      ['distributor', MISSING],
    ] as const) {
      for (const op of ['list_sub_customers', 'list_sub_customer_new_tag'] as const) {
        const e = await expectSdkError(client(t, who).call(op, { body: { indirect_partner_id: target } }));
        assert.equal(e.errorCode, 'CBC.99000037', `${who} ${op} ${target}`);
      }
    }
    assert.deepEqual(await listIds('reseller_one', { indirect_partner_id: actorId('reseller_one') }), [...own.reseller_one!].sort());
  });

  it('keeps customers out of partner operations altogether (403)', async () => {
    for (const op of ['list_sub_customers', 'create_sub_customer', 'check_user_identity', 'list_sub_customer_new_tag'] as const) {
      const e = await expectSdkError(client(t, 'resale_customer').call(op, { body: {} }));
      assert.equal(e.status, 403, op);
    }
  });
});
