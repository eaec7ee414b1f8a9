-- The scheme of the SQL formulation (bench/publish.sh): its parameters as small tables, loaded once before the timed
-- runs of score.sql. Run by psql in the folder of the CSV files that bench/Pacesetter.WebBench/SqlFormulation.cs wrote.
BEGIN;
DROP TABLE IF EXISTS sql_indicators, sql_params, sql_bands, sql_grades, sql_categories, sql_units, sql_adjustments;
CREATE TABLE sql_indicators (
  category text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, ord int NOT NULL, kind text COLLATE "C" NOT NULL, method text COLLATE "C" NOT NULL,
  weight numeric NOT NULL, higher boolean NOT NULL, growth boolean NOT NULL,
  cap numeric, floor numeric, target numeric,              -- completion
  base numeric, span numeric, good numeric, bad numeric,   -- efficacy
  step numeric, rest numeric,                              -- rank, table
  baseline numeric, deduct numeric, bstep numeric, bonus_per numeric, bonus_cap numeric, -- baseline (null baseline: the average)
  per_event numeric, zero_at numeric,                      -- events
  tiebreak int,                                            -- position in the category's tieBreak
  PRIMARY KEY (category, indicator));
CREATE TABLE sql_params (category text COLLATE "C", indicator text COLLATE "C", key text COLLATE "C", v numeric);     -- table, grade, levels, typed events
CREATE TABLE sql_bands (category text COLLATE "C", indicator text COLLATE "C", x0 numeric, x1 numeric, s0 numeric, s1 numeric);
CREATE TABLE sql_grades (category text COLLATE "C", ord int, name text COLLATE "C", min numeric, quota int);
CREATE TABLE sql_categories (category text COLLATE "C" PRIMARY KEY, n int, p_top int, p_min numeric, w_top int, w_min numeric,
  y_bottom int, y_below numeric, has_flag boolean, flag_min numeric);
CREATE TABLE sql_units (unit text COLLATE "C" PRIMARY KEY, category text COLLATE "C" NOT NULL);
CREATE TABLE sql_adjustments (unit text COLLATE "C", type text COLLATE "C", id text COLLATE "C", ref text COLLATE "C", factor numeric);
\copy sql_indicators FROM 'indicators.csv' WITH (FORMAT csv)
\copy sql_params FROM 'params.csv' WITH (FORMAT csv)
\copy sql_bands FROM 'bands.csv' WITH (FORMAT csv)
\copy sql_grades FROM 'grades.csv' WITH (FORMAT csv)
\copy sql_categories FROM 'categories.csv' WITH (FORMAT csv)
\copy sql_units FROM 'units.csv' WITH (FORMAT csv)
\copy sql_adjustments FROM 'adjustments.csv' WITH (FORMAT csv)
ANALYZE sql_indicators, sql_params, sql_bands, sql_grades, sql_categories, sql_units, sql_adjustments;
COMMIT;
