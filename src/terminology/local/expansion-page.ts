/**
 * Builds the $expand answer from a full expansion: text filter, activeOnly, offset / count paging,
 * designations on request. https://hl7.org/fhir/R4/valueset-operation-expand.html
 */
import type { ValueSet, ValueSetExpansionContains, ValueSetExpansionParameter } from 'fhir/r4.js';
import { badRequest } from '../../core/outcomes.js';
import type { ExpandRequest } from '../../ports/terminology-service.js';
import type { Expansion, ExpansionItem } from './value-set-expander.js';

/** The default and largest page when `count` is not given (the whole expansion up to this). */
export const MAX_EXPANSION_PAGE = 10_000;

/** The expanded ValueSet for `req` from the full expansion `exp`, stamped `now`. */
export function expansionPage(exp: Expansion, req: ExpandRequest, now: Date): ValueSet {
  const offset = req.offset ?? 0;
  const count = req.count ?? MAX_EXPANSION_PAGE;
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be a non-negative integer', 'offset');
  if (!Number.isInteger(count) || count < 0) throw badRequest('count must be a non-negative integer', 'count');
  const filtered = req.filter === undefined || req.filter.trim() === '' ? undefined : exp.wordIndex().match(req.filter);
  const activeOnly = req.activeOnly === true;
  const designations = req.includeDesignations === true;
  const contains: ValueSetExpansionContains[] = [];
  let total = 0;
  const n = filtered === undefined ? exp.items.length : filtered.length;
  for (let k = 0; k < n; k++) {
    const item = exp.items[filtered === undefined ? k : (filtered[k] ?? 0)] as ExpansionItem;
    if (activeOnly && item.inactive) continue;
    if (total >= offset && contains.length < count) contains.push(entry(item, designations));
    total++;
  }
  if (req.count === undefined && total > MAX_EXPANSION_PAGE) {
    throw badRequest(`Expansion has ${total} codes, more than ${MAX_EXPANSION_PAGE}; use count and offset (or a filter)`, 'count');
  }
  const parameter: ValueSetExpansionParameter[] = [];
  if (req.filter !== undefined) parameter.push({ name: 'filter', valueString: req.filter });
  if (req.offset !== undefined) parameter.push({ name: 'offset', valueInteger: offset });
  if (req.count !== undefined) parameter.push({ name: 'count', valueInteger: count });
  if (req.activeOnly !== undefined) parameter.push({ name: 'activeOnly', valueBoolean: req.activeOnly });
  if (req.includeDesignations !== undefined) parameter.push({ name: 'includeDesignations', valueBoolean: req.includeDesignations });
  const vs = exp.valueSet;
  return {
    resourceType: 'ValueSet',
    ...(vs.id !== undefined && { id: vs.id }),
    ...(vs.url !== undefined && { url: vs.url }),
    ...(vs.version !== undefined && { version: vs.version }),
    ...(vs.name !== undefined && { name: vs.name }),
    ...(vs.title !== undefined && { title: vs.title }),
    status: vs.status,
    expansion: {
      timestamp: now.toISOString(),
      total,
      offset,
      ...(parameter.length > 0 && { parameter }),
      ...(contains.length > 0 && { contains }),
    },
  };
}

function entry(item: ExpansionItem, designations: boolean): ValueSetExpansionContains {
  return {
    system: item.system,
    ...(item.version !== undefined && { version: item.version }),
    code: item.code,
    ...(item.display !== undefined && { display: item.display }),
    ...(item.abstract && { abstract: true }),
    ...(item.inactive && { inactive: true }),
    ...(designations && item.designations.length > 0 && {
      designation: item.designations.map((d) => ({ value: d.value, ...(d.language !== undefined && { language: d.language }), ...(d.use !== undefined && { use: d.use }) })),
    }),
  };
}
