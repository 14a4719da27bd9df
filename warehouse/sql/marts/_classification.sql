-- Who a council paid: the supplier classification rules, as macros for the spend mart
-- (spend_classified.sql has the full order in which they are applied).
--
-- Every spend line is classed as `vcse` (voluntary, community and social enterprise),
-- `public_body`, `individual_or_redacted` or `other` (private sector or unknown; the spend files
-- do not say whether a company is small). The first rule that fits decides, and the line keeps
-- the rule's evidence, so anyone can see why a payment counts as going to the voluntary sector:
--   1. Redacted beneficiaries are individuals or commercial confidences: never re-identified.
--   2. A supplier matched to the partner register (by charity or company number, org id, or
--      name) takes the register's legal form (`legal_form_class`).
--   3. A charity number in the spend file means a registered charity.
--   4. A private individual (warehouse/individuals.py): a person's name in any of its forms, or a
--      payment of a kind that pays individuals (foster care, direct payments...) to a payee whose
--      name shows no organisation. Never named on a page or in an extract.
--   5. Name forms (`name_rule`): public bodies first (an "NHS Trust" is not a charitable trust),
--      then VCSE legal forms and marks.
--   6. Anything else is `other`.
-- Where the organisation registers (charities, companies, mutuals, housing providers) know the
-- payee, their legal form decides before these rules.

-- A name rule: when `pattern` (a regular expression over the lower-cased name) is found, the
-- class and the evidence, with the words found.
create or replace temp macro name_rule_hit(name, supplier_class, pattern, evidence) as
    case when regexp_matches(lower(name), pattern)
         then {'supplier_class': supplier_class,
               'evidence': evidence || ' (' || regexp_extract(lower(name), pattern) || ')'} end;

-- The first name rule that fits (NULL when none does): {supplier_class, evidence}.
create or replace temp macro name_rule(name) as coalesce(
    name_rule_hit(name, 'public_body',
        '\b(nhs|integrated care board|icb|clinical commissioning group)\b',
        'name shows an NHS body'),
    name_rule_hit(name, 'public_body',
        '\b(borough|county|city|district|parish|town) council\b|\bcouncil of\b|\bcombined authority\b',
        'name shows a council'),
    name_rule_hit(name, 'public_body',
        '\b(hm revenue|hmrc|hm courts|department for|ministry of|police|fire and rescue|dvla|environment agency)\b',
        'name shows a government body'),
    name_rule_hit(name, 'vcse', '\b(cic|community interest company)\b',
        'name shows a community interest company'),
    name_rule_hit(name, 'vcse', '\b(cio|charitable incorporated organi[sz]ation)\b',
        'name shows a charitable incorporated organisation'),
    name_rule_hit(name, 'vcse', '\b(community benefit society|co-?operative|mutual)\b',
        'name shows a community benefit society or co-operative'),
    name_rule_hit(name, 'vcse',
        '\b(charity|charitable|trust|foundation|age uk|mind|citizens advice|barnardo|scouts|guides|ymca|hospice|church|befrienders|voluntary|community association)\b',
        'name shows a charity or voluntary group'));

-- The supplier class of a legal form as the partners register writes it.
create or replace temp macro legal_form_class(form) as case
    when lower(form) in ('charity', 'cio', 'cic', 'community benefit society',
                         'company limited by guarantee') then 'vcse'
    when lower(form) in ('local authority', 'nhs body') then 'public_body'
    else 'other' end;

-- A postcode's outward code ('OL1 3AB' -> 'OL1'): all but its last three characters.
create or replace temp macro outward_code(postcode) as
    case when length(upper(replace(postcode, ' ', ''))) between 5 and 7
         then left(upper(replace(postcode, ' ', '')), -3) end;

-- TRUE when the postcode's outward code (e.g. 'SE25') or its area letters (e.g. 'OL') is one of
-- the council's local areas (a list); NULL when there is no postcode.
create or replace temp macro is_local(postcode, local_areas) as
    case when outward_code(postcode) is null then null
         else list_contains(local_areas, outward_code(postcode))
              or list_contains(local_areas, regexp_extract(outward_code(postcode), '^[A-Z]+'))
    end;
