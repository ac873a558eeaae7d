import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { actorId, advance, client, createCustomer, freshName, operator, uploadAttachments } from './helpers.ts';

type Info = Record<string, unknown> & { customer_id: string; account_name: string };

describe('customers: list_sub_customers and list_sub_customer_new_tag', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const list = async (who: string, body: Record<string, unknown> = {}) => {
    const res = await client(t, who).call('list_sub_customers', { body });
    assert.equal(res.status, 200);
    return { count: res.body.count as number, infos: res.body.customer_infos as Info[] };
  };

  it('lists the partner\'s own customers newest first, with count, offset and limit (default 10)', async () => {
    const seeded = await list('solution_provider');
    assert.equal(seeded.count, 1);
    assert.equal(seeded.infos[0]!.customer_id, actorId('provider_customer'));
    const created: string[] = [];
    for (let i = 0; i < 11; i++) {
      advance(t, 1000);
      created.push((await createCustomer(t, 'solution_provider', { domain_name: freshName('page') })).id);
    }
    const first = await list('solution_provider');
    assert.equal(first.count, 12);
    assert.equal(first.infos.length, 10);
    assert.deepEqual(first.infos.map((i) => i.customer_id), created.slice(1).reverse());
    const second = await list('solution_provider', { offset: 10, limit: 10 });
    assert.deepEqual(second.infos.map((i) => i.customer_id), [created[0], actorId('provider_customer')]);
    assert.equal((await list('solution_provider', { limit: 100 })).infos.length, 12);
    assert.equal((await list('solution_provider', { offset: 12 })).infos.length, 0);
    assert.equal((await list('solution_provider', { offset: null, limit: null })).infos.length, 10);
  });

  it('filters by account name, association type, customer id and association window', async () => {
    const stamp = freshName('flt');
    advance(t, 60_000);
    const begin = new Date(t.deps.clock.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const a = await createCustomer(t, 'solution_provider', { domain_name: `${stamp}-alpha` });
    const b = await createCustomer(t, 'solution_provider', { domain_name: `${stamp}-beta`, cooperation_type: '1' });
    const end = new Date(t.deps.clock.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    advance(t, 60_000);
    const later = new Date(t.deps.clock.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const c = await createCustomer(t, 'solution_provider', { domain_name: `other-${stamp}` });

    assert.deepEqual((await list('solution_provider', { account_name: stamp })).infos.map((i) => i.customer_id).sort(), [a.id, b.id, c.id].sort());
    assert.deepEqual((await list('solution_provider', { account_name: `${stamp}-al` })).infos.map((i) => i.customer_id), [a.id]);
    assert.deepEqual((await list('solution_provider', { account_name: `${stamp.slice(2)}-alp` })).infos.map((i) => i.customer_id), [a.id]);
    assert.equal((await list('solution_provider', { account_name: stamp.toUpperCase() })).count, 0);
    assert.deepEqual((await list('solution_provider', { association_type: '1', account_name: stamp })).infos.map((i) => i.customer_id), [b.id]);
    assert.deepEqual((await list('solution_provider', { association_type: '2', account_name: stamp })).infos.map((i) => i.customer_id).sort(), [a.id, c.id].sort());
    assert.deepEqual((await list('solution_provider', { customer_id: c.id })).infos.map((i) => i.customer_id), [c.id]);
    assert.deepEqual(
      (await list('solution_provider', { associated_on_begin: begin, associated_on_end: end })).infos.map((i) => i.customer_id).sort(),
      [a.id, b.id].sort(),
    );
    assert.deepEqual((await list('solution_provider', { associated_on_begin: later, account_name: stamp })).infos.map((i) => i.customer_id), [c.id]);
    assert.deepEqual((await list('solution_provider', { associated_on_end: end, account_name: stamp })).infos.map((i) => i.customer_id).sort(), [a.id, b.id].sort());
    // "" and null mean no filter.
    assert.equal((await list('solution_provider', { account_name: '', label: null, customer: '', customer_id: '', association_type: '' })).count, (await list('solution_provider')).count);
  });

  it('matches labels anywhere in the label, case-sensitively, and reports level, manager and e-mail', async () => {
    const c = await createCustomer(t, 'solution_provider');
    const d = await createCustomer(t, 'solution_provider');
    assert.equal((await operator(t, 'PATCH', `/operator/v1/customers/${c.id}`, { label: 'VIP-East-2026', customer_level: 'V3', account_manager: 'manager.li', email: 'ops@example.cn' })).status, 200);
    assert.equal((await operator(t, 'PATCH', `/operator/v1/customers/${d.id}`, { label: 'vip-west' })).status, 200);
    const ids = async (label: string) => (await list('solution_provider', { label })).infos.map((i) => i.customer_id);
    assert.deepEqual(await ids('VIP'), [c.id]);
    assert.deepEqual(await ids('vip'), [d.id]);
    assert.deepEqual(await ids('East'), [c.id]);
    assert.deepEqual(await ids('2026'), [c.id]);
    assert.deepEqual((await ids('-')).sort(), [c.id, d.id].sort());
    const info = (await list('solution_provider', { customer_id: c.id })).infos[0]!;
    assert.equal(info.label, 'VIP-East-2026');
    assert.equal(info.customer_level, 'V3');
    assert.deepEqual(info.account_managers, [{ account_name: 'manager.li' }]);
    assert.equal(info.email, 'ops@example.cn');
    // A bad level is refused on the operator plane.
    assert.equal((await operator(t, 'PATCH', `/operator/v1/customers/${c.id}`, { customer_level: 'V9' })).status, 400);
  });

  it('reports a customer the operator froze (is_frozen 1), whose tokens then stop working until unfrozen', async () => {
    const name = freshName('frozen');
    const c = await createCustomer(t, 'solution_provider', { domain_name: name, password: 'Frozen#2026x' });
    const tokenRes = await fetch(`${t.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name, password: 'Frozen#2026x', domain: { name } } } } } }),
    });
    const token = tokenRes.headers.get('x-subject-token')!;
    const status = () => fetch(`${t.url}/v2/customers/real-name-auth-status`, { headers: { 'X-Auth-Token': token } }).then((r) => r.status);
    assert.equal(await status(), 200);
    const frozen = await operator(t, 'POST', `/operator/v1/customers/${c.id}/freeze`);
    assert.equal(frozen.status, 200);
    assert.equal(frozen.body.is_frozen, 1);
    assert.equal((await list('solution_provider', { customer_id: c.id })).infos[0]!.is_frozen, 1);
    assert.equal(await status(), 401);
    assert.equal((await operator(t, 'POST', `/operator/v1/customers/${c.id}/unfreeze`)).body.is_frozen, 0);
    assert.equal(await status(), 200);
    assert.equal((await operator(t, 'POST', '/operator/v1/customers/nope/freeze')).status, 404);
    // Only customers: a partner is not frozen through this route.
    assert.equal((await operator(t, 'POST', `/operator/v1/customers/${actorId('distributor')}/freeze`)).status, 404);
  });

  it('tags a customer as a new SMB customer from the month its verification is approved; an unverified one has no tag', async () => {
    await operator(t, 'PUT', '/operator/v1/realname-policy', { auto_decision: 'approve' });
    try {
      const c = await createCustomer(t, 'solution_provider');
      const unverified = await createCustomer(t, 'solution_provider');
      const files = await uploadAttachments(t, 'solution_provider', 'tags', 1);
      const res = await client(t, 'solution_provider').call('create_enterprise_realname_authentication', {
        body: { customer_id: c.id, identify_type: 1, verified_file_url: files, corp_name: 'Tag Test Co.', verified_number: '91110000MA0000TAG', xaccount_type: 'demo_platform' },
      });
      assert.deepEqual(res.body, { is_review: 0 });
      const tags = await client(t, 'solution_provider').call('list_sub_customer_new_tag', { body: { customer_ids: [c.id, unverified.id, actorId('resale_customer')] } });
      const items = tags.body.new_customer_tags as Array<Record<string, string>>;
      assert.equal(items.length, 2);
      const tagged = items.find((i) => i.customer_id === c.id)!;
      const month = new Date(t.deps.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
      assert.equal(tagged.customer_tag_type, 'SMB');
      assert.equal(tagged.new_customer_tag, 'Y');
      assert.equal(tagged.effective_time, month);
      assert.match(tagged.expire_time!, /^\d{4}-\d{2}$/);
      assert.deepEqual(items.find((i) => i.customer_id === unverified.id), { customer_id: unverified.id });
      advance(t, 370 * 86_400_000);
      const later = await client(t, 'solution_provider').call('list_sub_customer_new_tag', { body: { customer_ids: [c.id] } });
      assert.equal((later.body.new_customer_tags as Array<Record<string, string>>)[0]!.new_customer_tag, 'N');
      // Without ids: every customer of the partner, paged.
      const all = await client(t, 'solution_provider').call('list_sub_customer_new_tag', { body: { limit: 3 } });
      assert.equal((all.body.new_customer_tags as unknown[]).length, 3);
    } finally {
      await operator(t, 'PUT', '/operator/v1/realname-policy', { auto_decision: 'manual' });
    }
  });
});
