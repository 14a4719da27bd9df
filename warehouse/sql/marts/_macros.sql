-- Helpers every mart may use (temporary: they live only as long as the connection).
-- The financial year runs April to March: 2024-04-01 .. 2025-03-31 is '2024-25'.
create or replace temp macro fy_start_year(d) as
    year(d) - case when month(d) < 4 then 1 else 0 end;
create or replace temp macro financial_year(d) as
    fy_start_year(d)::varchar || '-' || lpad(((fy_start_year(d) + 1) % 100)::varchar, 2, '0');
-- The quarter key used by outcome returns: '2024-25-Q1' is April to June 2024.
create or replace temp macro fy_quarter(d) as
    financial_year(d) || '-Q' || ((((month(d) + 8) % 12) // 3) + 1)::varchar;
-- A catalogue edition's place in time: its date when it states one (2025-09-30, 30/09/2025,
-- September 2025), else its numbers in turn (2025.10 -> [2025, 10], after 2025.9 -> [2025, 9]),
-- never its text ('2025.9' > '2025.10' as text). Lists compare number by number.
create or replace temp macro edition_date(e) as coalesce(
    try_strptime(trim(e), '%Y-%m-%d'), try_strptime(trim(e), '%d/%m/%Y'),
    try_strptime(trim(e), '%d %B %Y'), try_strptime(trim(e), '%B %Y'),
    try_strptime(trim(e), '%b %Y'));
create or replace temp macro edition_order(e) as
    case when edition_date(e) is not null
         then [year(edition_date(e)), month(edition_date(e)), day(edition_date(e))]::bigint[]
         else list_transform(regexp_extract_all(e, '\d+'), lambda x: x::bigint) end;
