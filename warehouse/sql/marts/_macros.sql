-- Helpers every mart may use (temporary: they live only as long as the connection).
-- The financial year runs April to March: 2024-04-01 .. 2025-03-31 is '2024-25'.
create or replace temp macro fy_start_year(d) as
    year(d) - case when month(d) < 4 then 1 else 0 end;
create or replace temp macro financial_year(d) as
    fy_start_year(d)::varchar || '-' || lpad(((fy_start_year(d) + 1) % 100)::varchar, 2, '0');
-- The quarter key used by outcome returns: '2024-25-Q1' is April to June 2024.
create or replace temp macro fy_quarter(d) as
    financial_year(d) || '-Q' || ((((month(d) + 8) % 12) // 3) + 1)::varchar;
