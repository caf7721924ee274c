/*
 * Prints what pgjdbc's DatabaseMetaData, ResultSetMetaData and a typed PreparedStatement round trip report for the
 * schema test/integration/jdbc.test.ts creates, as stable text: one "## section" per call, then a header line of
 * column labels and one line per row, cells separated by " | " (NULL for SQL NULL). The test runs it against
 * PostgreSQL 15 and against Lumos and compares the two outputs. It creates nothing but the probe row it inserts.
 *
 * Usage: java -cp postgresql.jar:. MetaDataProbe <jdbc-url>
 */
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

public class MetaDataProbe {
  private static final StringBuilder out = new StringBuilder();

  public static void main(String[] args) throws Exception {
    try (Connection conn = DriverManager.getConnection(args[0])) {
      DatabaseMetaData md = conn.getMetaData();
      section("product");
      line("getDatabaseProductName", md.getDatabaseProductName());
      line("getDatabaseProductVersion", md.getDatabaseProductVersion());
      line("getDatabaseMajorVersion", md.getDatabaseMajorVersion());
      line("getDatabaseMinorVersion", md.getDatabaseMinorVersion());
      line("getDriverName", md.getDriverName());
      line("getUserName", md.getUserName());
      line("getIdentifierQuoteString", md.getIdentifierQuoteString());
      line("supportsTransactions", md.supportsTransactions());
      line("getDefaultTransactionIsolation", md.getDefaultTransactionIsolation());
      line("getTransactionIsolation", conn.getTransactionIsolation());
      line("getCatalog", conn.getCatalog());
      line("getSchema", conn.getSchema());
      line("isReadOnly", conn.isReadOnly());
      guard("getSQLKeywords", () -> line("getSQLKeywords", md.getSQLKeywords()));
      line("getMaxColumnNameLength", md.getMaxColumnNameLength());

      // Only the database connected to: the reference cluster holds others.
      section("getCatalogs (current only)");
      try (ResultSet rs = md.getCatalogs()) {
        boolean found = false;
        while (rs.next()) found |= rs.getString(1).equals(conn.getCatalog());
        line("current catalog listed", found);
      }
      guard("getSchemas", () -> dump("getSchemas", md.getSchemas()));
      guard("getSchemas(pub%)", () -> dump("getSchemas(null, \"pub%\")", md.getSchemas(null, "pub%")));
      guard("getTableTypes", () -> dump("getTableTypes", md.getTableTypes()));
      guard("getTables", () -> dump("getTables", md.getTables(null, "public", "%", null)));
      guard("getTables(TABLE)", () -> dump("getTables(TABLE)", md.getTables(null, "public", "%", new String[] {"TABLE"})));
      guard("getColumns", () -> dump("getColumns", md.getColumns(null, "public", "%", "%")));
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
        while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
      }
      for (String t : tables) {
        guard("getPrimaryKeys " + t, () -> dump("getPrimaryKeys " + t, md.getPrimaryKeys(null, "public", t)));
        guard("getImportedKeys " + t, () -> dump("getImportedKeys " + t, md.getImportedKeys(null, "public", t)));
        guard("getExportedKeys " + t, () -> dump("getExportedKeys " + t, md.getExportedKeys(null, "public", t)));
        guard("getIndexInfo " + t, () -> dump("getIndexInfo " + t, md.getIndexInfo(null, "public", t, false, false)));
        guard("getIndexInfo unique " + t, () -> dump("getIndexInfo unique " + t, md.getIndexInfo(null, "public", t, true, false)));
        guard("getBestRowIdentifier " + t, () -> dump("getBestRowIdentifier " + t, md.getBestRowIdentifier(null, "public", t, DatabaseMetaData.bestRowSession, true)));
      }
      guard("getCrossReference", () -> dump("getCrossReference", md.getCrossReference(null, "public", "jd_customer", null, "public", "jd_order")));
      // pgjdbc's getTypeInfo query has no ORDER BY (rows come in pg_type's physical order, which JDBC does not
      // promise either): compared as a sorted list.
      guard("getTypeInfo", () -> dump("getTypeInfo (sorted)", md.getTypeInfo(), true));
      guard("getProcedures", () -> dump("getProcedures", md.getProcedures(null, "public", "%")));
      guard("getFunctions", () -> dump("getFunctions", md.getFunctions(null, "public", "%")));
      guard("getUDTs", () -> dump("getUDTs", md.getUDTs(null, "public", "%", null)));
      guard("getTablePrivileges", () -> dump("getTablePrivileges", md.getTablePrivileges(null, "public", "jd_%")));

      try (Statement st = conn.createStatement()) {
        guard("rsmd1", () -> resultSetMetaData("select * from jd_order", st));
        guard("rsmd2", () -> resultSetMetaData("select o.id, o.total, c.name, c.email, v.item_count, 1 + 1 as two from jd_order o join jd_customer c on c.id = o.customer_id join jd_order_summary v on v.id = o.id", st));
      }

      guard("roundTrip", () -> roundTrip(conn, args[0]));
      guard("generatedKeys", () -> generatedKeys(conn));
    }
    System.out.print(out);
  }

  private interface Step {
    void run() throws SQLException;
  }

  /** A failing call prints its SQLSTATE and message (and the probe goes on), so one run shows every difference. */
  private static void guard(String name, Step step) {
    try {
      step.run();
    } catch (SQLException e) {
      out.append("ERROR in ").append(name).append(": ").append(e.getSQLState()).append(' ')
          .append(String.valueOf(e.getMessage()).split("\n")[0]).append('\n');
    }
  }

  private static void section(String name) {
    out.append("\n## ").append(name).append('\n');
  }

  private static void line(String label, Object value) {
    out.append(label).append(": ").append(value).append('\n');
  }

  private static String cell(Object v) {
    if (v == null) return "NULL";
    if (v instanceof byte[]) {
      StringBuilder sb = new StringBuilder("\\x");
      for (byte b : (byte[]) v) sb.append(String.format("%02x", b));
      return sb.toString();
    }
    if (v instanceof java.sql.Array) {
      try {
        return "ARRAY" + java.util.Arrays.deepToString((Object[]) ((java.sql.Array) v).getArray());
      } catch (SQLException e) {
        return "ARRAY?" + e.getSQLState();
      }
    }
    return v.getClass().getSimpleName() + ":" + v;
  }

  private static void dump(String name, ResultSet rs) throws SQLException {
    dump(name, rs, false);
  }

  private static void dump(String name, ResultSet rs, boolean sorted) throws SQLException {
    section(name);
    try (ResultSet r = rs) {
      ResultSetMetaData m = r.getMetaData();
      StringBuilder h = new StringBuilder();
      for (int i = 1; i <= m.getColumnCount(); i++) h.append(i > 1 ? " | " : "").append(m.getColumnLabel(i));
      out.append(h).append('\n');
      List<String> lines = new ArrayList<>();
      while (r.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= m.getColumnCount(); i++) sb.append(i > 1 ? " | " : "").append(cell(r.getObject(i)));
        lines.add(sb.toString());
      }
      if (sorted) java.util.Collections.sort(lines);
      for (String l : lines) out.append(l).append('\n');
      out.append("(").append(lines.size()).append(" rows)\n");
    }
  }

  private static void resultSetMetaData(String sql, Statement st) throws SQLException {
    section("ResultSetMetaData " + sql);
    try (ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData m = rs.getMetaData();
      org.postgresql.PGResultSetMetaData pm = m.unwrap(org.postgresql.PGResultSetMetaData.class);
      out.append("label | name | baseSchema.baseTable.baseColumn | type | typeName | className | precision | scale | displaySize | nullable | autoIncrement | signed | caseSensitive | currency\n");
      for (int i = 1; i <= m.getColumnCount(); i++) {
        out.append(String.join(" | ", m.getColumnLabel(i), m.getColumnName(i),
            pm.getBaseSchemaName(i) + "." + pm.getBaseTableName(i) + "." + pm.getBaseColumnName(i),
            String.valueOf(m.getColumnType(i)), m.getColumnTypeName(i), m.getColumnClassName(i),
            String.valueOf(m.getPrecision(i)), String.valueOf(m.getScale(i)), String.valueOf(m.getColumnDisplaySize(i)),
            String.valueOf(m.isNullable(i)), String.valueOf(m.isAutoIncrement(i)), String.valueOf(m.isSigned(i)),
            String.valueOf(m.isCaseSensitive(i)), String.valueOf(m.isCurrency(i)))).append('\n');
      }
    }
  }

  private static void roundTrip(Connection conn, String url) throws SQLException {
    section("PreparedStatement round trip");
    String sql = "select ?::int4 as i, ?::int8 as b, ?::numeric as n, ?::text as t, ?::boolean as f, ?::date as d, "
        + "?::timestamp as ts, ?::bytea as by, ?::uuid as u, ? as untyped_int, ? as untyped_text";
    // Run it several times: pgjdbc switches to a named server-side statement (and binary results) after
    // prepareThreshold executions, so both the text and the binary paths are compared.
    for (int run = 0; run < 6; run++) {
      try (PreparedStatement ps = conn.prepareStatement(sql)) {
        ps.setInt(1, 42);
        ps.setLong(2, 9007199254740993L);
        ps.setBigDecimal(3, new BigDecimal("12345.678"));
        ps.setString(4, "héllo 'quoted'");
        ps.setBoolean(5, true);
        ps.setDate(6, Date.valueOf("2024-02-29"));
        ps.setTimestamp(7, Timestamp.valueOf("2024-03-01 12:34:56.789"));
        ps.setBytes(8, new byte[] {0, 1, (byte) 0xff});
        ps.setObject(9, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        ps.setInt(10, 7);
        ps.setObject(11, "x", Types.VARCHAR);
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData m = rs.getMetaData();
          while (rs.next()) {
            StringBuilder sb = new StringBuilder("run " + run + ":");
            for (int i = 1; i <= m.getColumnCount(); i++)
              sb.append(' ').append(m.getColumnLabel(i)).append('/').append(m.getColumnTypeName(i)).append('=')
                  .append(cell(rs.getObject(i)));
            if (run == 0 || run == 5) out.append(sb).append('\n');
          }
        }
      }
    }
    // A catalog query with oid, regclass, regtype, regproc, name, int2 and bool columns, read as the raw bytes
    // the server sent: text here, binary on the second connection (binaryTransferEnable asks pgjdbc to request
    // binary results for those types; it cannot decode reg* binary values itself, hence the raw bytes).
    catalogBytes(conn, "text");
    try (Connection bin = DriverManager.getConnection(url + "&prepareThreshold=5&binaryTransferEnable=19,21,24,26,2205,2206,4089")) {
      catalogBytes(bin, "binary");
    }
    try (PreparedStatement ps = conn.prepareStatement("select ?::int4 as i, ?::text as t, ?::numeric as n")) {
      ps.setNull(1, Types.INTEGER);
      ps.setNull(2, Types.VARCHAR);
      ps.setNull(3, Types.NUMERIC);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.append("nulls: ").append(cell(rs.getObject(1))).append(' ').append(cell(rs.getObject(2))).append(' ')
            .append(cell(rs.getObject(3))).append('\n');
      }
    }
  }

  private static void catalogBytes(Connection conn, String label) throws SQLException {
    String sql = "select c.oid::regclass as rel, c.relname, a.attname, a.atttypid, a.atttypid::regtype as typ, a.attnum, "
        + "a.attnotnull, t.typinput, c.relnamespace::regnamespace as nsp from pg_catalog.pg_class c "
        + "join pg_catalog.pg_attribute a on a.attrelid = c.oid join pg_catalog.pg_type t on t.oid = a.atttypid "
        + "where c.relname = ? and a.attnum > 0 order by a.attnum";
    // pgjdbc switches a statement to a named server-side one, and to binary results, at its 5th execution.
    for (int run = 0; run < 6; run++) {
      try (PreparedStatement ps = conn.prepareStatement(sql)) {
        ps.setString(1, "jd_order");
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData m = rs.getMetaData();
          while (rs.next() && (run == 0 || run == 5)) {
            StringBuilder sb = new StringBuilder(label + " run " + run + ":");
            for (int i = 1; i <= m.getColumnCount(); i++)
              sb.append(' ').append(m.getColumnLabel(i)).append('/').append(m.getColumnTypeName(i)).append('=')
                  .append(cell(rs.getBytes(i)));
            out.append(sb).append('\n');
          }
        }
      }
    }
  }

  private static void generatedKeys(Connection conn) throws SQLException {
    section("getGeneratedKeys");
    try (PreparedStatement ps = conn.prepareStatement(
        "insert into jd_customer (name, email) values (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "probe");
      ps.setString(2, "probe@example.com");
      out.append("updated: ").append(ps.executeUpdate()).append('\n');
      dump("getGeneratedKeys (all columns)", ps.getGeneratedKeys());
    }
    try (PreparedStatement ps = conn.prepareStatement(
        "insert into jd_customer (name) values (?)", new String[] {"id"})) {
      ps.setString(1, "probe2");
      out.append("updated: ").append(ps.executeUpdate()).append('\n');
      dump("getGeneratedKeys (id)", ps.getGeneratedKeys());
    }
    try (Statement st = conn.createStatement()) {
      st.executeUpdate("delete from jd_customer where name like 'probe%'");
    }
  }
}
