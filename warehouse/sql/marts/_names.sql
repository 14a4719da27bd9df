-- Organisation names reduced to a key for matching, the one place this is decided.
-- Councils, registers and funders write the same organisation many ways: `THE BRITISH RED CROSS
-- SOCIETY`, `British Red Cross Society`; `St Mungo's`, `ST MUNGOS`; `Change, Grow, Live Ltd`,
-- `Change Grow Live Limited`. The key is the name in lower case without accents, with
-- apostrophes of every kind (straight, typographic, backtick, prime) dropped, not spaced, so
-- "St Mungo's" and "St Mungos" meet; `&` and `+` read as "and"; every other punctuation mark as
-- a space; a leading "the" and a trailing "limited" / "ltd" taken off; spaces collapsed. NULL for
-- a blank or all-punctuation name. It is computed in DuckDB, where the registers are (millions
-- of names), and compared exactly there; only names left unmatched go on to the fuzzy
-- comparison (warehouse/registers/fuzzy.py), which compares these same keys.
create or replace temp macro name_key(name) as nullif(trim(
    regexp_replace(regexp_replace(trim(
        regexp_replace(regexp_replace(regexp_replace(lower(strip_accents(name)),
            '[''’‘`´′]', '', 'g'),
            '[&+]', ' and ', 'g'),
            '[^a-z0-9]+', ' ', 'g')),
        '^the ', ''),
        ' (limited|ltd)$', '')), '');
