// A JDBC client of `tributary serve`: connects with the PostgreSQL driver,
// runs plain and prepared statements, reads typed columns and an error's
// SQLSTATE. Exits non-zero with a message on the first wrong answer.
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

public class JdbcCheck {
  static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("JDBC check failed: " + what);
      System.exit(1);
    }
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/tributary";
    try (Connection c = DriverManager.getConnection(url, "admin", args[1])) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT region, count(*), sum(amount) FROM sales.deals GROUP BY region ORDER BY region")) {
        StringBuilder rows = new StringBuilder();
        while (r.next()) rows.append(r.getString(1)).append(':').append(r.getLong(2)).append(':').append(r.getBigDecimal(3)).append(',');
        check(rows.toString().equals("AMER:1:7.00,APAC:1:20.00,EMEA:2:15.75,"), "group by: " + rows);
      }
      // The driver switches to named server-side statements after a few runs.
      try (PreparedStatement p = c.prepareStatement("SELECT deal_id, closed FROM sales.deals WHERE deal_id = ? AND region = ?")) {
        for (int i = 0; i < 8; i++) {
          p.setLong(1, 1);
          p.setString(2, "EMEA");
          try (ResultSet r = p.executeQuery()) {
            check(r.next(), "prepared row " + i);
            check(r.getLong(1) == 1 && Date.valueOf("2026-01-05").equals(r.getDate(2)), "prepared values " + i);
            check(!r.next(), "one row " + i);
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT ? + 1, ?::numeric * 2, ? IS NULL")) {
        p.setInt(1, 41);
        p.setBigDecimal(2, new BigDecimal("1.25"));
        p.setNull(3, java.sql.Types.INTEGER);
        try (ResultSet r = p.executeQuery()) {
          check(r.next() && r.getInt(1) == 42 && r.getBigDecimal(2).compareTo(new BigDecimal("2.50")) == 0 && r.getBoolean(3),
                "typed parameters");
        }
      }
      // DatabaseMetaData reads pg_catalog: schemas, tables, columns with JDBC types.
      DatabaseMetaData md = c.getMetaData();
      check(md.getDatabaseMajorVersion() == 15, "server major version " + md.getDatabaseMajorVersion());
      StringBuilder schemas = new StringBuilder();
      try (ResultSet r = md.getSchemas()) {
        while (r.next()) schemas.append(r.getString("TABLE_SCHEM")).append(',');
      }
      check(schemas.toString().equals("information_schema,pg_catalog,public,sales,"), "getSchemas: " + schemas);
      StringBuilder tables = new StringBuilder();
      try (ResultSet r = md.getTables(null, "sales", "%", new String[] {"TABLE"})) {
        while (r.next()) {
          tables.append(r.getString("TABLE_SCHEM")).append('.').append(r.getString("TABLE_NAME")).append(':')
              .append(r.getString("TABLE_TYPE")).append(',');
        }
      }
      check(tables.toString().startsWith("sales.deals:TABLE,"), "getTables: " + tables);
      StringBuilder columns = new StringBuilder();
      try (ResultSet r = md.getColumns(null, "sales", "deals", "%")) {
        while (r.next()) {
          columns.append(r.getString("COLUMN_NAME")).append(':').append(r.getInt("DATA_TYPE")).append(':')
              .append(r.getString("TYPE_NAME")).append(':').append(r.getInt("COLUMN_SIZE")).append(':')
              .append(r.getInt("DECIMAL_DIGITS")).append(':').append(r.getString("IS_NULLABLE")).append(':')
              .append(r.getInt("ORDINAL_POSITION")).append(',');
        }
      }
      check(columns.toString().equals("deal_id:-5:int8:19:0:YES:1,region:12:text:2147483647:0:YES:2,"
                                      + "amount:2:numeric:12:2:YES:3,closed:91:date:13:0:YES:4,"),
            "getColumns: " + columns);
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM sales.missing");
        check(false, "a missing table was accepted");
      } catch (SQLException e) {
        check("42P01".equals(e.getSQLState()), "SQLSTATE " + e.getSQLState());
      }
    }
    System.out.println("jdbc: ok");
  }
}
