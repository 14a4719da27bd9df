-- marts.spend_classified: one row per current spend line (an exact repeat of an earlier line of
-- the same file is loaded and flagged, but counted once here) with its supplier class, how sure
-- that class is (`class_basis`), whether the supplier is local, and the partner (and the
-- partnership of that council) it was paid to, each with the evidence for the judgement.
--
-- The class comes from the first of these that speaks (_classification.sql has the rules):
--   1. A redacted beneficiary: `individual_or_redacted` (basis `redacted`).
--   2. The payee found on a register by identifier (its own number, or the org id the partners
--      register or a 360Giving grant gives its name), whose legal form decides (basis `matched`).
--   3. A private individual (warehouse/individuals.py): a person's name in any of its forms, or
--      a payment of a kind that pays individuals (foster care, direct payments...) to a payee
--      whose name shows no organisation: `individual_or_redacted` (basis `inferred`), never named
--      on a page or in an extract. A register match by name alone never names a person.
--   4. The payee found on a register by its name, exactly or fuzzily (basis `matched`).
--   5. The partner register's legal form, for a partner's payment (basis `matched`).
--   6. A charity number in the spend file that no loaded register holds: `vcse` (basis
--      `inferred`).
--   7. The name rules (basis `inferred`); otherwise `other` (basis `unknown`).
-- A register match counts only where its legal form decides (a company limited by guarantee does
-- not) and only for payments made while the organisation was on the register; otherwise it stays
-- in the evidence and the payee is classed by what follows.
--
-- Read with it: marts.councils, marts.organisation_matches (the payees matched to the registers,
-- warehouse/registers/matching.py, which defines the `payee_key` macro) and
-- `_payee_judgements`, one row per beneficiary name judged in Python (warehouse/individuals.py:
-- why it is a person's name, the word that shows an organisation). Parameters: $spend_source,
-- the `source` of spend payees in marts.organisation_matches; $individual_expenses, the regular
-- expression of the kinds of payment made to individuals (warehouse/individuals.py).
create or replace table marts.spend_classified as
with lines as (
    select s.*, c.org_id as council_org_id, c.local_postcode_areas,
           name_key(s.beneficiary) as name_key,
           lpad(s.company_number, 8, '0') as company_key,
           payee_key(s.beneficiary, s.charity_number, s.company_number, s.org_id) as payee_key
    from staging.council_spend s
    left join marts.councils c using (council)
    where s.duplicate_of_row is null
),
partners as (
    select p.*, pt.lead_council,
           case when starts_with(p.org_id, 'GB-CHC-') then substr(p.org_id, 8) end as charity_key,
           case when starts_with(p.org_id, 'GB-COH-') then substr(p.org_id, 8) end as company_key,
           name_key(p.name) as name_key
    from staging.partners p
    left join staging.partnerships pt using (partnership_id)
    where p.role <> 'council'
),
candidates as (
    select l.load_id, l.source_row, p.*, 1 as strength, 'org id' as matched_by
        from lines l join partners p on l.org_id = p.org_id
    union all
    select l.load_id, l.source_row, p.*, 2, 'charity number'
        from lines l join partners p on l.charity_number = p.charity_key
    union all
    select l.load_id, l.source_row, p.*, 3, 'company number'
        from lines l join partners p on l.company_key = p.company_key
    union all
    select l.load_id, l.source_row, p.*, 4, 'name'
        from lines l join partners p on l.name_key = p.name_key
),
best as (
    select c.*, c.lead_council = l.council as same_council
    from candidates c join lines l using (load_id, source_row)
    qualify row_number() over (partition by c.load_id, c.source_row
                               order by c.strength, same_council desc, c.partnership_id) = 1
),
judged as (
    select l.*, m.register, m.register_name, m.identifier as register_identifier,
           m.matched_name, m.legal_form as register_form, m.verdict, m.method as match_method,
           m.via as match_via, m.score as match_score, m.candidates, m.register_date,
           m.removed_on,
           m.verdict in ('vcse', 'public_body', 'other')
               and (m.active or l.payment_date <= m.removed_on) as register_decides,
           name_rule(l.beneficiary).supplier_class as name_class,
           name_rule(l.beneficiary).evidence as name_evidence,
           p.person_evidence,
           -- the payment's kind, in the expense type, service and purpose
           p.organisation_mark is null
               and regexp_matches(lower(concat_ws(' ', l.expense_type, l.service, l.purpose)),
                                  $individual_expenses) as paid_as_individual,
           case when p.organisation_mark is null
                     and regexp_matches(lower(concat_ws(' ', l.expense_type, l.service,
                                                        l.purpose)), $individual_expenses)
                then regexp_extract(lower(concat_ws(' ', l.expense_type, l.service, l.purpose)),
                                    $individual_expenses) end as paid_as
    from lines l
    left join marts.organisation_matches m
      on m.source = $spend_source and m.payee_key = l.payee_key and not l.is_redacted
    left join _payee_judgements p on p.beneficiary = l.beneficiary
),
decided as (
    select j.*, b.org_id as partner_org_id, b.legal_form as partner_form, b.matched_by,
           b.partnership_id as best_partnership_id, b.same_council,
           b.registered_postcode as partner_postcode,
           case
               when j.is_redacted then 'redacted'
               when j.register_decides and j.match_method = 'identifier' then 'register'
               when j.person_evidence is not null then 'person'
               when j.paid_as_individual then 'paid as individual'
               when j.register_decides then 'register'
               when b.org_id is not null then 'partner'
               when j.charity_number is not null then 'charity number'
               when j.name_class is not null then 'name'
               else 'none'
           end as decided_by,
           -- a register match as evidence: the register and its date, the organisation, its
           -- legal form and status, and how it was found
           j.register_name || ' of ' || coalesce(strftime(j.register_date, '%Y-%m-%d'),
               'unknown date') || ': ' || j.register_identifier || ' ' || j.matched_name
               || ', ' || j.register_form
               || case when j.removed_on is not null
                       then ', removed ' || strftime(j.removed_on, '%Y-%m-%d') else '' end
               || ' (matched by ' || j.match_method || coalesce(', ' || j.match_via, '')
               || case when j.match_score < 100 then ', score ' || j.match_score else '' end
               || case when j.candidates > 1 then ', one of ' || j.candidates
                       || ' equally good' else '' end
               || ')' as register_evidence
    from judged j
    left join best b using (load_id, source_row)
)
select
    l.council, l.council_org_id, l.period_key, l.month, l.payment_date, l.amount,
    l.beneficiary, l.is_redacted,
    case l.decided_by
        when 'redacted' then 'individual_or_redacted'
        when 'register' then l.verdict
        when 'partner' then legal_form_class(l.partner_form)
        when 'charity number' then 'vcse'
        when 'person' then 'individual_or_redacted'
        when 'paid as individual' then 'individual_or_redacted'
        when 'name' then l.name_class
        else 'other'
    end as supplier_class,
    case l.decided_by
        when 'redacted' then 'redacted'
        when 'register' then 'matched'
        when 'partner' then 'matched'
        when 'none' then 'unknown'
        else 'inferred'
    end as class_basis,
    case l.decided_by
        when 'redacted' then 'beneficiary redacted as published ("' || l.redaction_label || '")'
        when 'register' then l.register_evidence
        when 'partner' then 'partner register: ' || l.partner_org_id || ', ' || l.partner_form
            || ' (matched by ' || l.matched_by || ')'
        when 'charity number' then 'charity number ' || l.charity_number
            || ' in the spend file (on no register loaded)'
        when 'person' then 'an individual: ' || l.person_evidence
        when 'paid as individual' then 'an individual: a payment of a kind made to individuals ('
            || l.paid_as || ') to a payee whose name shows no organisation'
        when 'name' then l.name_evidence
        else 'no voluntary-sector or public-body mark in the name'
    end || case when l.decided_by not in ('redacted', 'register') and l.register is not null
                then '; ' || l.register_evidence || ': ' || case
                    when not l.register_decides and l.verdict = 'undetermined'
                        then 'this legal form does not show VCSE status'
                    when not l.register_decides then 'not on the register when paid'
                    else 'not used: the name reads as a person''s' end
                else '' end as class_evidence,
    case when l.register is not null and not l.is_redacted then l.register_name end
        as register_name,
    case when l.register is not null and not l.is_redacted then l.register_identifier end
        as register_identifier,
    case when l.register is not null and not l.is_redacted then l.match_method end
        as register_match,
    case when l.register is not null and not l.is_redacted then l.match_score end
        as register_match_score,
    case when l.register is not null and not l.is_redacted then l.register_date end
        as register_date,
    case when l.is_redacted then null
         else is_local(coalesce(l.postcode, l.partner_postcode), l.local_postcode_areas)
    end as is_local,
    case
        when l.is_redacted then 'redacted: not located'
        when coalesce(l.postcode, l.partner_postcode) is null then 'no postcode known'
        else 'postcode ' || coalesce(l.postcode, l.partner_postcode)
            || case when l.postcode is not null then ' in the spend file'
                    else ' in the partner register' end
            || '; local areas ' || array_to_string(l.local_postcode_areas, ', ')
    end as locality_evidence,
    l.partner_org_id,
    case when l.same_council then l.best_partnership_id end as partnership_id,
    case when l.partner_org_id is not null then 'matched by ' || l.matched_by end
        as match_evidence,
    l.expense_type, l.department, l.transaction_ref, l.source_file, l.source_row, l.load_id
from decided l
