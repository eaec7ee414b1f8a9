-- The province's scoring as plain SQL (bench/publish.sh's yardstick for publishing): COPY of the values, then one
-- statement computing every indicator score (scoring.md §3–4), base, bonus, penalty, composite, rank, grade, label
-- (§5) and flag, stored in sql_results and sql_flags — one transaction, as a publication is. Window functions give the
-- observed bounds (efficacy, leaderRatio, baseline average), the rank method's ranks, the category ranks, the grade
-- quota and the labels. PostgreSQL's numeric, rounded half away from zero like the engine's System.Decimal; round(x, 2)
-- where the engine rounds. Codes are text in byte order (COLLATE "C", as the engine's ordinal comparisons), which
-- keeps the sorts of a million rows cheap. Needs setup.sql's tables; run by psql in the folder of the CSV files.
BEGIN;
-- Sorts and hashes of a million rows in memory rather than in temporary files.
SET LOCAL work_mem = '256MB';
DROP TABLE IF EXISTS sql_values, sql_counts, sql_awards, sql_results, sql_flags;
CREATE TABLE sql_values (unit text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, value numeric, target numeric, previous numeric, txt text COLLATE "C", nevents int);
CREATE TABLE sql_counts (unit text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, type text COLLATE "C" NOT NULL, n numeric NOT NULL);
CREATE TABLE sql_awards (unit text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, item text COLLATE "C" NOT NULL, level text COLLATE "C" NOT NULL);
\copy sql_values FROM 'values.csv' WITH (FORMAT csv)
\copy sql_counts FROM 'counts.csv' WITH (FORMAT csv)
\copy sql_awards FROM 'awards.csv' WITH (FORMAT csv)
-- The planner's statistics of the new rows (a sample), so that the joins with the small tables are planned as such.
ANALYZE sql_values, sql_counts, sql_awards;
CREATE TABLE sql_results (category text COLLATE "C" NOT NULL, unit text COLLATE "C" PRIMARY KEY, rank bigint NOT NULL, composite numeric NOT NULL,
  base numeric NOT NULL, bonus numeric NOT NULL, penalty numeric NOT NULL, grade text COLLATE "C", label text COLLATE "C", vetoed boolean NOT NULL, blocktop boolean NOT NULL);
CREATE TABLE sql_flags (category text COLLATE "C" PRIMARY KEY, holder text COLLATE "C");

CREATE TEMP TABLE sql_totals ON COMMIT DROP AS
WITH vals AS (
  SELECT u.category, v.unit, v.indicator, v.target, v.txt, v.nevents, v.value, i.target AS target_default, i.kind, i.method, i.weight,
         i.higher, i.cap, i.floor, i.base, i.span, i.good, i.bad, i.step, i.rest, i.baseline, i.deduct, i.bstep, i.bonus_per,
         i.bonus_cap, i.per_event, i.zero_at, i.tiebreak,
         CASE WHEN i.growth THEN CASE WHEN v.previous IS NULL OR v.previous = 0 THEN NULL
                                      ELSE (v.value - v.previous) * 100 / abs(v.previous) END
              ELSE v.value END AS x
  FROM sql_values v
  JOIN sql_units u ON u.unit = v.unit
  JOIN sql_indicators i ON i.category = u.category AND i.indicator = v.indicator
),
observed AS (
  SELECT category, indicator, max(x) AS mx, min(x) AS mn, avg(x) AS mean, min(x) FILTER (WHERE x > 0) AS minpos
  FROM vals WHERE kind = 'base' AND x IS NOT NULL AND method IN ('efficacy', 'leaderratio', 'baseline') GROUP BY category, indicator
),
-- 位次赋分: standard competition ranking of x (higher: descending), max(rest, w − step × (rank − 1)).
rank_scores AS (
  SELECT category, unit, indicator, tiebreak,
         greatest(rest, weight - step * (rank() OVER (PARTITION BY category, indicator ORDER BY CASE WHEN higher THEN -x ELSE x END) - 1)) AS s
  FROM vals WHERE kind = 'base' AND method = 'rank'
),
other_scores AS (
  SELECT b.category, b.unit, b.indicator, b.tiebreak,
    CASE b.method
      WHEN 'completion' THEN
        CASE WHEN r.r < b.floor THEN 0 WHEN r.r >= b.cap THEN b.weight * b.cap WHEN r.r <= 0 THEN 0
             WHEN b.higher THEN b.weight * b.x / r.t ELSE b.weight * r.t / b.x END
      WHEN 'efficacy' THEN
        b.weight * greatest(b.base, least(b.base + b.span,
          CASE WHEN e.good = e.bad THEN b.base + b.span ELSE b.base + b.span * (b.x - e.bad) / (e.good - e.bad) END)) / (b.base + b.span)
      WHEN 'leaderratio' THEN
        CASE WHEN b.higher THEN CASE WHEN o.mx <= 0 THEN 0 ELSE b.weight * greatest(b.x, 0) / o.mx END
             ELSE CASE WHEN b.x <= 0 THEN b.weight ELSE b.weight * o.minpos / b.x END END
      WHEN 'baseline' THEN
        CASE WHEN g.gap > 0 THEN greatest(0, b.weight - b.deduct * g.gap / b.bstep)
             ELSE b.weight + least(b.bonus_cap, b.bonus_per * (-g.gap) / b.bstep) END
      WHEN 'bands' THEN
        CASE WHEN p.x0 IS NULL OR p.x1 IS NULL THEN p.s0 ELSE p.s0 + (b.x - p.x0) * (p.s1 - p.s0) / (p.x1 - p.x0) END
      WHEN 'table' THEN coalesce(k.v, b.rest)
      WHEN 'grade' THEN b.weight * k.v
      WHEN 'manual' THEN least(b.weight, b.x)
    END AS s
  FROM vals b
  LEFT JOIN observed o ON o.category = b.category AND o.indicator = b.indicator
  LEFT JOIN sql_bands p ON b.method = 'bands' AND p.category = b.category AND p.indicator = b.indicator
    AND (p.x0 IS NULL OR b.x > p.x0) AND (p.x1 IS NULL OR b.x <= p.x1)
  LEFT JOIN sql_params k ON b.method IN ('table', 'grade') AND k.category = b.category AND k.indicator = b.indicator
    AND k.key = coalesce(b.txt, trim_scale(b.x)::text)
  CROSS JOIN LATERAL (SELECT coalesce(b.target, b.target_default) AS t) t0
  CROSS JOIN LATERAL (SELECT t0.t,
    CASE WHEN b.method <> 'completion' THEN NULL WHEN b.higher THEN b.x / t0.t WHEN b.x <= 0 THEN b.cap ELSE t0.t / b.x END AS r) r
  CROSS JOIN LATERAL (SELECT coalesce(b.good, CASE WHEN b.higher THEN o.mx ELSE o.mn END) AS good,
                             coalesce(b.bad, CASE WHEN b.higher THEN o.mn ELSE o.mx END) AS bad) e
  CROSS JOIN LATERAL (SELECT CASE WHEN b.higher THEN coalesce(b.baseline, o.mean) - b.x ELSE b.x - coalesce(b.baseline, o.mean) END AS gap) g
  WHERE b.kind = 'base' AND b.method <> 'rank'
),
-- A base score is never below 0 and is published to 2 decimals; base is the sum of the published scores.
base_scores AS (
  SELECT category, unit, indicator, tiebreak, CASE WHEN s <= 0 THEN 0 ELSE round(s, 2) END AS s
  FROM (SELECT * FROM rank_scores UNION ALL SELECT * FROM other_scores) a
),
bases AS (
  SELECT unit, sum(s) AS base, array_agg(s ORDER BY tiebreak) FILTER (WHERE tiebreak IS NOT NULL) AS tb
  FROM base_scores GROUP BY unit
),
-- 加分: points, or awards (one item once, at its highest level), each indicator capped at its weight.
award_sums AS (
  SELECT unit, indicator, sum(best) AS total FROM (
    SELECT a.unit, a.indicator, max(p.v) AS best
    FROM sql_awards a JOIN sql_units u ON u.unit = a.unit
    JOIN sql_params p ON p.category = u.category AND p.indicator = a.indicator AND p.key = a.level
    GROUP BY a.unit, a.indicator, a.item) items
  GROUP BY unit, indicator
),
bonuses AS (
  SELECT v.unit, sum(round(least(v.weight, CASE WHEN v.method = 'points' THEN v.value ELSE coalesce(aw.total, 0) END), 2)) AS bonus
  FROM vals v LEFT JOIN award_sums aw ON v.method = 'levels' AND aw.unit = v.unit AND aw.indicator = v.indicator
  WHERE v.kind = 'bonus' GROUP BY v.unit
),
-- 扣分: events by count, list or typed counts; zeroAt takes the whole cap; an exemption of the indicator multiplies the deduction.
typed AS (
  SELECT c.unit, c.indicator, sum(c.n * p.v) AS points, sum(c.n) AS events
  FROM sql_counts c JOIN sql_units u ON u.unit = c.unit
  JOIN sql_params p ON p.category = u.category AND p.indicator = c.indicator AND p.key = c.type
  GROUP BY c.unit, c.indicator
),
penalties AS (
  SELECT v.unit, sum(round(
      CASE WHEN v.zero_at IS NOT NULL AND d.events >= v.zero_at THEN v.weight ELSE least(v.weight, d.points) END * coalesce(x.factor, 1), 2)) AS penalty
  FROM vals v
  LEFT JOIN typed ty ON ty.unit = v.unit AND ty.indicator = v.indicator
  CROSS JOIN LATERAL (SELECT coalesce(ty.events, v.nevents, v.value, 0) AS events,
                             coalesce(ty.points, coalesce(v.nevents, v.value, 0) * v.per_event) AS points) d
  LEFT JOIN sql_adjustments x ON x.type = 'exemption' AND x.unit = v.unit AND x.ref = v.indicator
  WHERE v.kind = 'penalty' GROUP BY v.unit
),
-- 一票否决 / 一票否优, unless an exemption names the adjustment.
flags AS (
  SELECT u.unit,
    EXISTS (SELECT 1 FROM sql_adjustments a WHERE a.unit = u.unit AND a.type = 'veto'
            AND (a.id IS NULL OR NOT EXISTS (SELECT 1 FROM sql_adjustments e WHERE e.type = 'exemption' AND e.ref = a.id))) AS vetoed,
    EXISTS (SELECT 1 FROM sql_adjustments a WHERE a.unit = u.unit AND a.type = 'blocktop'
            AND (a.id IS NULL OR NOT EXISTS (SELECT 1 FROM sql_adjustments e WHERE e.type = 'exemption' AND e.ref = a.id))) AS blocktop
  FROM sql_units u
)
SELECT u.category, u.unit, coalesce(b.base, 0) AS base, coalesce(bo.bonus, 0) AS bonus, coalesce(pe.penalty, 0) AS penalty,
       greatest(0, coalesce(b.base, 0) + coalesce(bo.bonus, 0) - coalesce(pe.penalty, 0)) AS composite, b.tb, f.vetoed, f.blocktop
FROM sql_units u
LEFT JOIN bases b ON b.unit = u.unit
LEFT JOIN bonuses bo ON bo.unit = u.unit
LEFT JOIN penalties pe ON pe.unit = u.unit
JOIN flags f ON f.unit = u.unit;

-- §5: ranks (vetoed last, composite, tieBreak scores), the first grade within its quota (a tied group that does not
-- fit closes it: the count of eligible units up to and with the group), the other grades by their minimum, the labels.
INSERT INTO sql_results (category, unit, rank, composite, base, bonus, penalty, grade, label, vetoed, blocktop)
WITH ranked AS (
  SELECT t.*, rank() OVER w AS rank FROM sql_totals t
  WINDOW w AS (PARTITION BY category ORDER BY vetoed, composite DESC, tb DESC)
),
counted AS (
  SELECT r.*, g1.name AS g1_name, g1.quota AS g1_quota,
    count(*) FILTER (WHERE NOT r.vetoed AND NOT r.blocktop AND r.composite >= g1.min)
      OVER (PARTITION BY r.category ORDER BY r.rank RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS g1_taken,
    count(*) OVER (PARTITION BY r.category ORDER BY r.rank RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_or_above,
    NOT r.vetoed AND NOT r.blocktop AND r.composite >= g1.min AS g1_eligible
  FROM ranked r LEFT JOIN sql_grades g1 ON g1.category = r.category AND g1.ord = 1
)
SELECT c.category, c.unit, c.rank, c.composite, c.base, c.bonus, c.penalty,
  CASE WHEN c.g1_name IS NULL THEN NULL
       WHEN c.vetoed THEN (SELECT name FROM sql_grades g WHERE g.category = c.category ORDER BY ord DESC LIMIT 1)
       WHEN c.g1_eligible AND (c.g1_quota IS NULL OR c.g1_taken <= c.g1_quota) THEN c.g1_name
       ELSE coalesce((SELECT name FROM sql_grades g WHERE g.category = c.category AND g.ord > 1 AND c.composite >= g.min ORDER BY ord LIMIT 1),
                     (SELECT name FROM sql_grades g WHERE g.category = c.category ORDER BY ord DESC LIMIT 1)) END,
  CASE WHEN k.p_top IS NOT NULL AND c.rank <= k.p_top AND (k.p_min IS NULL OR c.composite >= k.p_min) AND NOT c.vetoed AND NOT c.blocktop THEN 'pacesetter'
       WHEN k.w_top IS NOT NULL AND c.rank <= k.w_top AND (k.w_min IS NULL OR c.composite >= k.w_min) AND NOT c.vetoed THEN 'winner'
       WHEN (k.y_bottom IS NOT NULL OR k.y_below IS NOT NULL)
            AND (c.vetoed OR c.composite < k.y_below OR k.n - c.at_or_above < k.y_bottom) THEN 'yellow' END,
  c.vetoed, c.blocktop
FROM counted c JOIN sql_categories k ON k.category = c.category;

-- 流动红旗: the one rank-1 candidate (no previous holders in this yardstick), else nobody.
INSERT INTO sql_flags (category, holder)
SELECT k.category, CASE WHEN count(r.unit) = 1 THEN min(r.unit) END
FROM sql_categories k LEFT JOIN sql_results r ON r.category = k.category AND r.rank = 1
  AND (k.flag_min IS NULL OR r.composite >= k.flag_min) AND NOT r.vetoed AND NOT r.blocktop
WHERE k.has_flag GROUP BY k.category;
COMMIT;
