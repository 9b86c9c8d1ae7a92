-- The 13 Star Schema Benchmark queries of tests/differential/ssb_queries.sql,
-- the same joins, filters, groups and orders, written for ClickHouse 18.16
-- (Debian bookworm's clickhouse-server): that version joins two relations
-- per SELECT, with JOIN ... USING on equally named columns and no comma
-- joins, so each star join is a chain of nested INNER JOINs in which every
-- dimension subquery filters its table and renames its key to the
-- lineorder column it joins (d_datekey AS lo_orderdate). Dimension keys are
-- unique, so ALL INNER JOIN returns exactly the rows of the SQL join.
-- Filters on lineorder sit in its own subquery, so they run before the
-- joins as they do in the other engines' plans.

-- Q1.1
SELECT sum(lo_extendedprice * lo_discount) AS revenue
FROM (SELECT lo_extendedprice, lo_discount, lo_orderdate FROM ssb.lineorder
      WHERE lo_discount BETWEEN 1 AND 3 AND lo_quantity < 25)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate FROM ssb.date WHERE d_year = 1993) USING lo_orderdate;

-- Q1.2
SELECT sum(lo_extendedprice * lo_discount) AS revenue
FROM (SELECT lo_extendedprice, lo_discount, lo_orderdate FROM ssb.lineorder
      WHERE lo_discount BETWEEN 4 AND 6 AND lo_quantity BETWEEN 26 AND 35)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate FROM ssb.date WHERE d_yearmonthnum = 199401) USING lo_orderdate;

-- Q1.3
SELECT sum(lo_extendedprice * lo_discount) AS revenue
FROM (SELECT lo_extendedprice, lo_discount, lo_orderdate FROM ssb.lineorder
      WHERE lo_discount BETWEEN 5 AND 7 AND lo_quantity BETWEEN 26 AND 35)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate FROM ssb.date WHERE d_weeknuminyear = 6 AND d_year = 1994) USING lo_orderdate;

-- Q2.1
SELECT sum(lo_revenue), d_year, p_brand1
FROM (
  SELECT lo_revenue, lo_orderdate, p_brand1
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_partkey
    FROM (SELECT lo_revenue, lo_orderdate, lo_partkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey FROM ssb.supplier WHERE s_region = 'AMERICA') USING lo_suppkey)
  ALL INNER JOIN (SELECT p_partkey AS lo_partkey, p_brand1 FROM ssb.part WHERE p_category = 'MFGR#12') USING lo_partkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date) USING lo_orderdate
GROUP BY d_year, p_brand1
ORDER BY d_year, p_brand1;

-- Q2.2
SELECT sum(lo_revenue), d_year, p_brand1
FROM (
  SELECT lo_revenue, lo_orderdate, p_brand1
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_partkey
    FROM (SELECT lo_revenue, lo_orderdate, lo_partkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey FROM ssb.supplier WHERE s_region = 'ASIA') USING lo_suppkey)
  ALL INNER JOIN (SELECT p_partkey AS lo_partkey, p_brand1 FROM ssb.part
                  WHERE p_brand1 BETWEEN 'MFGR#2221' AND 'MFGR#2228') USING lo_partkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date) USING lo_orderdate
GROUP BY d_year, p_brand1
ORDER BY d_year, p_brand1;

-- Q2.3
SELECT sum(lo_revenue), d_year, p_brand1
FROM (
  SELECT lo_revenue, lo_orderdate, p_brand1
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_partkey
    FROM (SELECT lo_revenue, lo_orderdate, lo_partkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey FROM ssb.supplier WHERE s_region = 'EUROPE') USING lo_suppkey)
  ALL INNER JOIN (SELECT p_partkey AS lo_partkey, p_brand1 FROM ssb.part WHERE p_brand1 = 'MFGR#2239') USING lo_partkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date) USING lo_orderdate
GROUP BY d_year, p_brand1
ORDER BY d_year, p_brand1;

-- Q3.1
SELECT c_nation, s_nation, d_year, sum(lo_revenue) AS revenue
FROM (
  SELECT lo_revenue, lo_orderdate, c_nation, s_nation
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_suppkey, c_nation
    FROM (SELECT lo_revenue, lo_orderdate, lo_custkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey, c_nation FROM ssb.customer WHERE c_region = 'ASIA') USING lo_custkey)
  ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey, s_nation FROM ssb.supplier WHERE s_region = 'ASIA') USING lo_suppkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date WHERE d_year >= 1992 AND d_year <= 1997) USING lo_orderdate
GROUP BY c_nation, s_nation, d_year
ORDER BY d_year ASC, revenue DESC;

-- Q3.2
SELECT c_city, s_city, d_year, sum(lo_revenue) AS revenue
FROM (
  SELECT lo_revenue, lo_orderdate, c_city, s_city
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_suppkey, c_city
    FROM (SELECT lo_revenue, lo_orderdate, lo_custkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey, c_city FROM ssb.customer WHERE c_nation = 'UNITED STATES') USING lo_custkey)
  ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey, s_city FROM ssb.supplier WHERE s_nation = 'UNITED STATES') USING lo_suppkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date WHERE d_year >= 1992 AND d_year <= 1997) USING lo_orderdate
GROUP BY c_city, s_city, d_year
ORDER BY d_year ASC, revenue DESC;

-- Q3.3
SELECT c_city, s_city, d_year, sum(lo_revenue) AS revenue
FROM (
  SELECT lo_revenue, lo_orderdate, c_city, s_city
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_suppkey, c_city
    FROM (SELECT lo_revenue, lo_orderdate, lo_custkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey, c_city FROM ssb.customer
                    WHERE c_city = 'UNITED KI1' OR c_city = 'UNITED KI5') USING lo_custkey)
  ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey, s_city FROM ssb.supplier
                  WHERE s_city = 'UNITED KI1' OR s_city = 'UNITED KI5') USING lo_suppkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date WHERE d_year >= 1992 AND d_year <= 1997) USING lo_orderdate
GROUP BY c_city, s_city, d_year
ORDER BY d_year ASC, revenue DESC;

-- Q3.4
SELECT c_city, s_city, d_year, sum(lo_revenue) AS revenue
FROM (
  SELECT lo_revenue, lo_orderdate, c_city, s_city
  FROM (
    SELECT lo_revenue, lo_orderdate, lo_suppkey, c_city
    FROM (SELECT lo_revenue, lo_orderdate, lo_custkey, lo_suppkey FROM ssb.lineorder)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey, c_city FROM ssb.customer
                    WHERE c_city = 'UNITED KI1' OR c_city = 'UNITED KI5') USING lo_custkey)
  ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey, s_city FROM ssb.supplier
                  WHERE s_city = 'UNITED KI1' OR s_city = 'UNITED KI5') USING lo_suppkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date WHERE d_yearmonth = 'Dec1997') USING lo_orderdate
GROUP BY c_city, s_city, d_year
ORDER BY d_year ASC, revenue DESC;

-- Q4.1
SELECT d_year, c_nation, sum(lo_revenue - lo_supplycost) AS profit
FROM (
  SELECT lo_revenue, lo_supplycost, lo_orderdate, c_nation
  FROM (
    SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, c_nation
    FROM (
      SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, lo_custkey
      FROM (SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, lo_custkey, lo_suppkey FROM ssb.lineorder)
      ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey FROM ssb.supplier WHERE s_region = 'AMERICA') USING lo_suppkey)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey, c_nation FROM ssb.customer WHERE c_region = 'AMERICA') USING lo_custkey)
  ALL INNER JOIN (SELECT p_partkey AS lo_partkey FROM ssb.part WHERE p_mfgr = 'MFGR#1' OR p_mfgr = 'MFGR#2') USING lo_partkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date) USING lo_orderdate
GROUP BY d_year, c_nation
ORDER BY d_year, c_nation;

-- Q4.2
SELECT d_year, s_nation, p_category, sum(lo_revenue - lo_supplycost) AS profit
FROM (
  SELECT lo_revenue, lo_supplycost, lo_orderdate, s_nation, p_category
  FROM (
    SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, s_nation
    FROM (
      SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, lo_custkey, s_nation
      FROM (SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, lo_custkey, lo_suppkey FROM ssb.lineorder)
      ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey, s_nation FROM ssb.supplier WHERE s_region = 'AMERICA') USING lo_suppkey)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey FROM ssb.customer WHERE c_region = 'AMERICA') USING lo_custkey)
  ALL INNER JOIN (SELECT p_partkey AS lo_partkey, p_category FROM ssb.part WHERE p_mfgr = 'MFGR#1' OR p_mfgr = 'MFGR#2') USING lo_partkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date WHERE d_year = 1997 OR d_year = 1998) USING lo_orderdate
GROUP BY d_year, s_nation, p_category
ORDER BY d_year, s_nation, p_category;

-- Q4.3
SELECT d_year, s_city, p_brand1, sum(lo_revenue - lo_supplycost) AS profit
FROM (
  SELECT lo_revenue, lo_supplycost, lo_orderdate, s_city, p_brand1
  FROM (
    SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, s_city
    FROM (
      SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, lo_custkey, s_city
      FROM (SELECT lo_revenue, lo_supplycost, lo_orderdate, lo_partkey, lo_custkey, lo_suppkey FROM ssb.lineorder)
      ALL INNER JOIN (SELECT s_suppkey AS lo_suppkey, s_city FROM ssb.supplier WHERE s_nation = 'UNITED STATES') USING lo_suppkey)
    ALL INNER JOIN (SELECT c_custkey AS lo_custkey FROM ssb.customer WHERE c_region = 'AMERICA') USING lo_custkey)
  ALL INNER JOIN (SELECT p_partkey AS lo_partkey, p_brand1 FROM ssb.part WHERE p_category = 'MFGR#14') USING lo_partkey)
ALL INNER JOIN (SELECT d_datekey AS lo_orderdate, d_year FROM ssb.date WHERE d_year = 1997 OR d_year = 1998) USING lo_orderdate
GROUP BY d_year, s_city, p_brand1
ORDER BY d_year, s_city, p_brand1;
