import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { REFERENCE_DATA, businessTypeById, type Lang } from './reference-data.ts';
import { BASE, langOfRequest, osmRoute } from './work-orders.routes.ts';
import { ERRORS } from './work-orders.schemas.ts';

/**
 * The configuration lists (GET /v2/servicerequest/config/*), served from reference-data.json in
 * the caller's X-Language. Any signed-in caller may read them.
 */

const Opt = Type.Optional;
const S = Type.String;

const ProductCategory = Type.Object(
  {
    incident_product_category_id: S(),
    incident_product_category_name: S(),
    incident_product_category_desc: S(),
    incident_product_category_acronym: S(),
    can_use_support_plan: Type.Boolean(),
  },
  { title: 'IncidentProductCategoryV2' },
);
const BusinessType = Type.Object(
  { business_type_id: S(), business_type_name: S(), case_type: S({ description: '0 consultation, 5 fault report (needs region_id)' }), can_use_support_plan: Type.Boolean() },
  { title: 'SimpleIncidentBusinessTypeV2' },
);
const ExtendsParam = Type.Object(
  {
    tips: S(),
    required: Type.Integer(),
    length: Type.Integer(),
    language: S(),
    param_key: S(),
    param_name: S(),
    param_type: Type.Integer({ description: '0 text, 1 integer, 2 one of select_item, 3 yyyy-MM-dd HH:mm:ss' }),
    param_desc: S(),
    max_value: Opt(Type.Integer()),
    min_value: Opt(Type.Integer()),
    select_item: Opt(S({ description: 'choices, comma-separated' })),
    is_show: Type.Integer(),
    is_sensitive: Type.Integer(),
  },
  { title: 'ExtendsParamV2' },
);

const ProductQuery = Type.Object({ product_category_id: Opt(S({ maxLength: 64 })) });
const ProductNameQuery = Type.Object({ product_category_name: Opt(S({ maxLength: 64 })) });
const BusinessTypeQuery = Type.Object({ business_type_id: Opt(S({ maxLength: 64 })) });
const SeverityQuery = Type.Object({ product_category_id: Opt(S({ maxLength: 64 })), business_type_id: Opt(S({ maxLength: 64 })) });
const ExtendsQuery = Type.Object({
  business_type_id: Opt(S({ maxLength: 64 })),
  incident_sub_type_id: Opt(S({ maxLength: 64 })),
  product_category_id: Opt(S({ maxLength: 64 })),
});

const productCategoryView = (id: string, lang: Lang) => {
  const p = REFERENCE_DATA.product_categories.find((x) => x.id === id)!;
  return {
    incident_product_category_id: p.id,
    incident_product_category_name: p.name[lang],
    incident_product_category_desc: p.desc[lang],
    incident_product_category_acronym: p.acronym,
    can_use_support_plan: p.can_use_support_plan,
  };
};

const languageTag = (lang: Lang) => (lang === 'en' ? 'en-us' : 'zh-cn');

export function registerConfigRoutes(app: FastifyInstance, _deps: Deps, guards: Guards): void {
  const C = `${BASE}/config`;

  app.get(
    `${C}/categories`,
    osmRoute(guards, 'list_case_categories', 'Case categories, each with its product categories', {
      response: {
        200: Type.Object(
          {
            total_count: Type.Integer(),
            incident_sub_type_list: Type.Array(
              Type.Object({ incident_sub_type_id: S(), incident_sub_type_name: S(), incident_product_category_list: Type.Array(ProductCategory) }, { title: 'IncidentSubTypeV2Do' }),
            ),
          },
          { title: 'ListCaseCategoriesResponse' },
        ),
        ...ERRORS,
      },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const list = REFERENCE_DATA.sub_types.map((st) => ({
        incident_sub_type_id: st.id,
        incident_sub_type_name: st.name[lang],
        incident_product_category_list: st.product_category_ids.map((id) => productCategoryView(id, lang)),
      }));
      return { total_count: list.length, incident_sub_type_list: list };
    },
  );

  app.get<{ Querystring: Static<typeof ProductQuery> }>(
    `${C}/problems`,
    osmRoute(guards, 'list_problem_types', 'Problem (business) types, optionally of one product category', {
      querystring: ProductQuery,
      response: { 200: Type.Object({ total_count: Type.Integer(), incident_business_type_list: Type.Array(BusinessType) }, { title: 'ListProblemTypesResponse' }), ...ERRORS },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const pc = request.query.product_category_id;
      const list = REFERENCE_DATA.business_types
        .filter((b) => !pc || b.product_category_ids.includes(pc))
        .map((b) => ({ business_type_id: b.id, business_type_name: b.name[lang], case_type: b.case_type, can_use_support_plan: b.can_use_support_plan }));
      return { total_count: list.length, incident_business_type_list: list };
    },
  );

  app.get<{ Querystring: Static<typeof ProductNameQuery> }>(
    `${C}/product-categories`,
    osmRoute(guards, 'list_product_categories', 'Product categories, optionally matching a name', {
      querystring: ProductNameQuery,
      response: { 200: Type.Object({ total_count: Type.Integer(), incident_product_category_list: Type.Array(ProductCategory) }, { title: 'ListProductCategoriesResponse' }), ...ERRORS },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const name = request.query.product_category_name?.toLowerCase();
      const list = REFERENCE_DATA.product_categories
        .filter((p) => !name || p.name.zh.toLowerCase().includes(name) || p.name.en.toLowerCase().includes(name) || p.acronym.toLowerCase().includes(name))
        .map((p) => productCategoryView(p.id, lang));
      return { total_count: list.length, incident_product_category_list: list };
    },
  );

  app.get<{ Querystring: Static<typeof SeverityQuery> }>(
    `${C}/severities`,
    osmRoute(guards, 'list_severities', 'Problem severities', {
      querystring: SeverityQuery,
      response: {
        200: Type.Object(
          { show: Type.Boolean(), severity_list: Type.Array(Type.Object({ language: S(), severity_name: S(), severity_id: S() }, { title: 'SeverityV2Do' })) },
          { title: 'ListSeveritiesResponse' },
        ),
        ...ERRORS,
      },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const sev = REFERENCE_DATA.severities;
      return { show: sev.show, severity_list: sev.list.map((s) => ({ language: languageTag(lang), severity_name: s.name[lang], severity_id: s.id })) };
    },
  );

  app.get(
    `${C}/regions`,
    osmRoute(guards, 'list_regions', 'Regions (type 0 Chinese mainland, 1 international)', {
      response: {
        200: Type.Object(
          {
            total_count: Type.Integer(),
            data_center_list: Type.Array(Type.Object({ type: Type.Integer(), region_id: S(), region_name: S(), is_sensitive: Type.Integer() }, { title: 'DataCenterV2Do' })),
          },
          { title: 'ListRegionsResponse' },
        ),
        ...ERRORS,
      },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const list = REFERENCE_DATA.regions.map((r) => ({ type: r.type, region_id: r.id, region_name: r.name[lang], is_sensitive: r.is_sensitive }));
      return { total_count: list.length, data_center_list: list };
    },
  );

  app.get<{ Querystring: Static<typeof BusinessTypeQuery> }>(
    `${C}/templates`,
    osmRoute(guards, 'list_case_templates', 'Description templates, optionally of one problem type', {
      querystring: BusinessTypeQuery,
      response: {
        200: Type.Object(
          {
            total_count: Type.Integer(),
            incident_template_list: Type.Array(Type.Object({ incident_template_id: S(), incident_template_name: S(), incident_template_content: S() }, { title: 'IncidentTempV2' })),
          },
          { title: 'ListCaseTemplatesResponse' },
        ),
        ...ERRORS,
      },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const bt = request.query.business_type_id;
      const list = REFERENCE_DATA.business_types
        .filter((b) => !bt || b.id === bt)
        .map((b) => ({ incident_template_id: b.template.id, incident_template_name: b.template.name[lang], incident_template_content: b.template.content[lang] }));
      return { total_count: list.length, incident_template_list: list };
    },
  );

  app.get<{ Querystring: Static<typeof ExtendsQuery> }>(
    `${C}/extends-map`,
    osmRoute(guards, 'list_extends_params', 'The extension fields a problem type asks for (extends_map on create)', {
      querystring: ExtendsQuery,
      response: { 200: Type.Object({ extends_params: Type.Array(ExtendsParam), common_params: Type.Array(Type.Object({})) }, { title: 'ListExtendsParamsResponse' }), ...ERRORS },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const bt = request.query.business_type_id ? businessTypeById(request.query.business_type_id) : undefined;
      const params = (bt?.extends_params ?? []).map((p) => ({
        tips: p.tips[lang],
        required: p.required ? 1 : 0,
        length: p.length,
        language: languageTag(lang),
        param_key: p.key,
        param_name: p.name[lang],
        param_type: p.type,
        param_desc: p.tips[lang],
        ...(p.max !== undefined ? { max_value: p.max } : {}),
        ...(p.min !== undefined ? { min_value: p.min } : {}),
        ...(p.select ? { select_item: p.select.join(',') } : {}),
        is_show: 1,
        is_sensitive: 0,
      }));
      return { extends_params: params, common_params: [] };
    },
  );

  app.get(
    `${C}/limits`,
    osmRoute(guards, 'list_case_limits', 'Case limits (most CC e-mail addresses)', {
      response: { 200: Type.Object({ config: Type.Object({ create_case_ccemail_max_count: Type.Integer() }, { title: 'TenantConfigV2' }) }, { title: 'ListCaseLimitsResponse' }), ...ERRORS },
    }),
    async () => ({ config: { create_case_ccemail_max_count: REFERENCE_DATA.limits.create_case_ccemail_max_count } }),
  );

  app.get(
    `${C}/area-codes`,
    osmRoute(guards, 'list_area_codes', 'Country and region calling codes', {
      response: {
        200: Type.Object(
          { area_code_list: Type.Array(Type.Object({ id: Type.Integer(), area_code: S(), area_name: S() }, { title: 'AreaCodeSimpleInfoV2' })) },
          { title: 'ListAreaCodesResponse' },
        ),
        ...ERRORS,
      },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      return { area_code_list: REFERENCE_DATA.area_codes.map((a) => ({ id: a.id, area_code: a.code, area_name: a.name[lang] })) };
    },
  );

  app.get(
    `${C}/satisfaction-dimensions`,
    osmRoute(guards, 'list_satisfaction_dimensions', 'What a rating rates, with the scale of each dimension', {
      response: {
        200: Type.Object(
          {
            total_count: Type.Integer(),
            satisfaction_dimension_list: Type.Array(
              Type.Object(
                { value: Type.Integer(), satisfaction_id: Type.Integer(), satisfaction_name: S(), satisfaction_desc: S(), per_value: Type.Integer(), sat_category_id: S() },
                { title: 'SatisfactionDimensionSimpleInfoV2' },
              ),
            ),
          },
          { title: 'ListSatisfactionDimensionsResponse' },
        ),
        ...ERRORS,
      },
    }),
    async (request) => {
      const lang = langOfRequest(request);
      const list = REFERENCE_DATA.satisfaction_dimensions.map((d) => ({
        value: d.value,
        satisfaction_id: d.id,
        satisfaction_name: d.name[lang],
        satisfaction_desc: d.desc[lang],
        per_value: d.per_value,
        sat_category_id: d.category_id,
      }));
      return { total_count: list.length, satisfaction_dimension_list: list };
    },
  );
}
