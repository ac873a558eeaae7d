import { sql, type Kysely } from 'kysely';
import { serialPrimaryKey } from '../dialect.ts';

/**
 * Single sign-on from partner platforms (SAML 2.0) and webhooks (issue 10).
 *
 * SSO: each partner's access configuration (its IdP metadata and the platform identifier it
 * yields), our service provider's key pair (the private key sealed with the master key), the
 * AuthnRequests we issued (InResponseTo must name one, once), the assertions already accepted
 * (a replay cache kept until their NotOnOrAfter), and single-use handles a browser carries in a
 * cookie between the assertion and its console session or account binding.
 *
 * Webhooks: partners' subscriptions (the signing secret sealed), one delivery per subscription and
 * outbox event, and every attempt to deliver it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const [serialType, serial] = serialPrimaryKey(db);
  // outbox_events.id is this type (integer on SQLite, bigint on PostgreSQL); references follow it.
  const eventIdType = serialType;

  await db.schema
    .createTable('sso_configs')
    // The partner platform identifier (xaccount_type) the configuration yields.
    .addColumn('xaccount_type', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().unique().references('accounts.id'))
    .addColumn('idp_entity_id', 'varchar(1024)', (c) => c.notNull())
    .addColumn('idp_sso_url', 'varchar(2048)', (c) => c.notNull())
    // JSON array of base64 DER certificates the IdP signs with.
    .addColumn('idp_certificates', 'text', (c) => c.notNull())
    .addColumn('metadata_xml', 'text', (c) => c.notNull())
    .addColumn('metadata_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('bind_callback_url', 'varchar(2048)')
    .addColumn('payment_return_url', 'varchar(2048)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_sp_credentials')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_requests')
    // The AuthnRequest's ID attribute.
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('xaccount_type', 'varchar(64)', (c) => c.notNull().references('sso_configs.xaccount_type').onDelete('cascade'))
    .addColumn('is_first_login', 'integer', (c) => c.notNull().check(sql`is_first_login in (0, 1)`))
    .addColumn('service', 'varchar(2048)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('consumed_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('sso_requests_expires_idx').on('sso_requests').column('expires_at').execute();

  await db.schema
    .createTable('sso_assertions')
    .addColumn('issuer', 'varchar(1024)', (c) => c.notNull())
    .addColumn('assertion_id', 'varchar(256)', (c) => c.notNull())
    .addColumn('not_on_or_after', 'varchar(32)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_assertions_pk', ['issuer', 'assertion_id'])
    .execute();
  await db.schema.createIndex('sso_assertions_expiry_idx').on('sso_assertions').column('not_on_or_after').execute();

  await db.schema
    .createTable('sso_handles')
    // sha256 of the opaque handle; the handle itself lives only in the browser's cookie.
    .addColumn('handle_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql`kind in ('login', 'bind')`))
    .addColumn('xaccount_type', 'varchar(64)', (c) => c.notNull().references('sso_configs.xaccount_type').onDelete('cascade'))
    // The partner platform's user id (the assertion's NameID).
    .addColumn('xaccount_id', 'varchar(256)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('user_id', 'varchar(64)', (c) => c.references('users.id'))
    .addColumn('service', 'varchar(2048)')
    // JSON: attributes of the assertion a binding may use (name, mobile).
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addCheckConstraint('sso_handles_login_ck', sql`kind <> 'login' or (customer_id is not null and user_id is not null)`)
    .execute();
  await db.schema.createIndex('sso_handles_expires_idx').on('sso_handles').column('expires_at').execute();

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    // JSON array of event types; `work_order.*` matches a prefix, `*` everything.
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('description', 'varchar(255)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('active', 'deleted')`))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('webhook_subscriptions_partner_idx').on('webhook_subscriptions').columns(['partner_id', 'status']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('subscription_id', 'varchar(64)', (c) => c.notNull().references('webhook_subscriptions.id'))
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('event_id', eventIdType, (c) => c.notNull().references('outbox_events.id'))
    .addColumn('event_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The attempt number after which a failing delivery gives up (raised by a replay).
    .addColumn('last_allowed_attempt', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(32)')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'varchar(512)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('succeeded_at', 'varchar(32)')
    .addUniqueConstraint('webhook_deliveries_event_uq', ['subscription_id', 'event_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_partner_idx').on('webhook_deliveries').columns(['partner_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', serialType, serial)
    .addColumn('delivery_id', 'varchar(64)', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('cause', 'varchar(16)', (c) => c.notNull().check(sql`cause in ('automatic', 'replay')`))
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'varchar(512)')
    .addColumn('succeeded', 'integer', (c) => c.notNull().check(sql`succeeded in (0, 1)`))
    .addUniqueConstraint('webhook_attempts_uq', ['delivery_id', 'attempt'])
    .execute();

  // The fan-out reads undelivered events in id order.
  await db.schema.createIndex('outbox_events_undelivered_idx').on('outbox_events').columns(['delivered_at', 'id']).execute();
}
