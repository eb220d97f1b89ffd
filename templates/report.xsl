<?xml version="1.0" encoding="UTF-8"?>
<!-- report.xsl: bagu's analysis XML (bagu.rng) as one self-contained HTML
     page for reviewers: a summary with charts, the documents ranked by
     their template ratio, every paragraph shaded by its score with the
     shared text marked, the near-duplicates and the stock phrases.  No
     script, no network: CSS and SVG are inline. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings"
                extension-element-prefixes="str">
  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <!-- How many documents the chart shows, and how many phrases the table. -->
  <xsl:param name="chart-documents" select="60"/>
  <xsl:param name="table-phrases" select="200"/>

  <xsl:key name="doc" match="document" use="@id"/>
  <xsl:key name="phrase" match="phrase" use="@id"/>

  <xsl:variable name="root" select="/"/>
  <xsl:variable name="docs" select="/bagu/documents/document"/>
  <xsl:variable name="paras" select="$docs/p"/>

  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta charset="UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="bagu {/bagu/@version}"/>
        <title>bagu 八股 · <xsl:value-of select="count($docs)"/> documents</title>
        <style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 0; color: #1d1d1f; background: #f6f5f2; line-height: 1.7; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h1 small { font-weight: normal; color: #6b6b6b; font-size: 15px; margin-left: 8px; }
h2 { font-size: 19px; margin: 36px 0 12px; border-bottom: 1px solid #d8d5cc; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.figure { background: #fff; border: 1px solid #e2dfd6; border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.figure b { display: block; font-size: 22px; }
.figure span { color: #6b6b6b; font-size: 13px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { background: #fff; border: 1px solid #e2dfd6; border-radius: 8px; padding: 12px; }
.chart svg text { font-size: 11px; fill: #444; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ece9e1; vertical-align: top; }
th { background: #efece4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; height: 10px; background: #c0392b; border-radius: 2px; vertical-align: middle; }
.legend span { display: inline-block; margin-right: 16px; font-size: 13px; }
article.doc { background: #fff; border: 1px solid #e2dfd6; border-radius: 8px; padding: 14px 18px; margin: 16px 0; }
article.doc .meta { color: #6b6b6b; font-size: 13px; margin-bottom: 8px; }
p.para { margin: 6px 0; padding: 4px 8px; border-left: 4px solid transparent; border-radius: 3px; white-space: pre-wrap; }
p.template { border-left-color: #c0392b; }
p.mixed { border-left-color: #e67e22; }
p.specific { border-left-color: #27ae60; }
p.para .score { float: right; font-size: 11px; color: #6b6b6b; margin-left: 8px; }
.reuse { text-decoration: underline; text-decoration-color: #c0392b; text-decoration-thickness: 2px;
         text-underline-offset: 3px; color: inherit; }
.stock { background: rgba(241, 196, 15, 0.35); border-radius: 2px; }
.fill { background: #d6eaf8; color: #1a5276; border-radius: 2px; padding: 0 1px; }
.noise { color: #aaa; text-decoration: line-through; }
a { color: #1f5fa8; }
footer { max-width: 1100px; margin: 40px auto; padding: 0 24px; color: #888; font-size: 12px; }
        </style>
      </head>
      <body>
        <header>
          <h1>bagu 八股<small>template and unit-specific content in
            <xsl:value-of select="count($docs)"/> documents</small></h1>
          <xsl:call-template name="summary"/>
        </header>
        <main>
          <xsl:call-template name="charts"/>
          <xsl:call-template name="ranking"/>
          <xsl:call-template name="clusters"/>
          <h2 id="documents">Documents 文档</h2>
          <div class="legend">
            <span><b style="color:#c0392b">▌</b> template 套话</span>
            <span><b style="color:#e67e22">▌</b> mixed</span>
            <span><b style="color:#27ae60">▌</b> specific 本单位内容</span>
            <span><span class="reuse">reused text</span> (links to a source)</span>
            <span><span class="stock">stock phrase</span></span>
            <span><span class="fill">fill</span> (number or name in a slot)</span>
          </div>
          <xsl:for-each select="$docs">
            <xsl:sort select="@template-ratio" data-type="number" order="descending"/>
            <xsl:apply-templates select="." mode="full"/>
          </xsl:for-each>
          <xsl:call-template name="phrases"/>
        </main>
        <footer>
          Written by bagu <xsl:value-of select="/bagu/@version"/> from
          <code>bagu <xsl:value-of select="/bagu/@command"/></code> with
          <xsl:for-each select="/bagu/options/option">
            <code><xsl:value-of select="@name"/>=<xsl:value-of select="@value"/></code>
            <xsl:if test="position() != last()">, </xsl:if>
          </xsl:for-each>.
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="summary">
    <div class="summary">
      <div class="figure"><b><xsl:value-of select="count($docs)"/></b><span>documents 文档</span></div>
      <div class="figure"><b><xsl:value-of select="count($paras)"/></b><span>paragraphs 段落</span></div>
      <div class="figure">
        <b><xsl:value-of select="format-number(sum($docs/@template-ratio) div count($docs) * 100, '0')"/>%</b>
        <span>template on average 平均套话比例</span>
      </div>
      <div class="figure"><b><xsl:value-of select="count($paras[@label = 'template'])"/></b><span>template paragraphs</span></div>
      <div class="figure"><b><xsl:value-of select="count($paras[@label = 'mixed'])"/></b><span>mixed paragraphs</span></div>
      <div class="figure"><b><xsl:value-of select="count($paras[@label = 'specific'])"/></b><span>specific paragraphs</span></div>
      <div class="figure"><b><xsl:value-of select="count(/bagu/clusters/cluster)"/></b><span>near-duplicate groups 近似重复</span></div>
      <div class="figure"><b><xsl:value-of select="count(/bagu/phrases/phrase)"/></b><span>stock phrases cited 套话短语</span></div>
    </div>
  </xsl:template>

  <!-- Two charts: template ratio per document, and how widely the cited
       phrases are shared. -->
  <xsl:template name="charts">
    <h2 id="charts">Charts 图表</h2>
    <div class="charts">
      <div class="chart">
        <xsl:variable name="n" select="count($docs[position() &lt;= $chart-documents])"/>
        <h3>Template ratio per document 各文档套话比例</h3>
        <svg xmlns="http://www.w3.org/2000/svg" width="520" height="{$n * 16 + 24}"
             role="img" aria-label="template ratio per document">
          <xsl:for-each select="$docs">
            <xsl:sort select="@template-ratio" data-type="number" order="descending"/>
            <xsl:if test="position() &lt;= $chart-documents">
              <xsl:variable name="y" select="(position() - 1) * 16 + 4"/>
              <text x="0" y="{$y + 10}"><xsl:apply-templates select="." mode="short-name"/></text>
              <rect x="200" y="{$y}" height="11" width="{format-number(@template-ratio * 260, '0.0')}"
                    fill="#c0392b"><title><xsl:value-of select="@name"/></title></rect>
              <text x="{205 + @template-ratio * 260}" y="{$y + 10}">
                <xsl:value-of select="format-number(@template-ratio * 100, '0')"/>%</text>
            </xsl:if>
          </xsl:for-each>
        </svg>
        <xsl:if test="count($docs) &gt; $chart-documents">
          <div class="meta">the <xsl:value-of select="$chart-documents"/> most templated of
            <xsl:value-of select="count($docs)"/></div>
        </xsl:if>
      </div>
      <div class="chart">
        <xsl:variable name="ph" select="/bagu/phrases/phrase"/>
        <xsl:variable name="b1" select="count($ph[@df = 2])"/>
        <xsl:variable name="b2" select="count($ph[@df &gt;= 3 and @df &lt;= 4])"/>
        <xsl:variable name="b3" select="count($ph[@df &gt;= 5 and @df &lt;= 9])"/>
        <xsl:variable name="b4" select="count($ph[@df &gt;= 10])"/>
        <xsl:variable name="max">
          <xsl:call-template name="max4">
            <xsl:with-param name="a" select="$b1"/><xsl:with-param name="b" select="$b2"/>
            <xsl:with-param name="c" select="$b3"/><xsl:with-param name="d" select="$b4"/>
          </xsl:call-template>
        </xsl:variable>
        <h3>How widely the stock phrases are shared 短语共享范围</h3>
        <svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" role="img"
             aria-label="stock phrases by number of documents">
          <xsl:call-template name="df-bar"><xsl:with-param name="i" select="0"/>
            <xsl:with-param name="v" select="$b1"/><xsl:with-param name="max" select="$max"/>
            <xsl:with-param name="label">2 docs</xsl:with-param></xsl:call-template>
          <xsl:call-template name="df-bar"><xsl:with-param name="i" select="1"/>
            <xsl:with-param name="v" select="$b2"/><xsl:with-param name="max" select="$max"/>
            <xsl:with-param name="label">3–4</xsl:with-param></xsl:call-template>
          <xsl:call-template name="df-bar"><xsl:with-param name="i" select="2"/>
            <xsl:with-param name="v" select="$b3"/><xsl:with-param name="max" select="$max"/>
            <xsl:with-param name="label">5–9</xsl:with-param></xsl:call-template>
          <xsl:call-template name="df-bar"><xsl:with-param name="i" select="3"/>
            <xsl:with-param name="v" select="$b4"/><xsl:with-param name="max" select="$max"/>
            <xsl:with-param name="label">10+</xsl:with-param></xsl:call-template>
        </svg>
      </div>
    </div>
  </xsl:template>

  <xsl:template name="max4">
    <xsl:param name="a"/><xsl:param name="b"/><xsl:param name="c"/><xsl:param name="d"/>
    <xsl:variable name="ab" select="($a &gt;= $b) * $a + ($a &lt; $b) * $b"/>
    <xsl:variable name="cd" select="($c &gt;= $d) * $c + ($c &lt; $d) * $d"/>
    <xsl:value-of select="($ab &gt;= $cd) * $ab + ($ab &lt; $cd) * $cd"/>
  </xsl:template>

  <xsl:template name="df-bar">
    <xsl:param name="i"/><xsl:param name="v"/><xsl:param name="max"/><xsl:param name="label"/>
    <xsl:variable name="h">
      <xsl:choose>
        <xsl:when test="$max &gt; 0"><xsl:value-of select="format-number($v div $max * 140, '0.0')"/></xsl:when>
        <xsl:otherwise>0</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <rect x="{20 + $i * 75}" y="{160 - $h}" width="50" height="{$h}" fill="#d4a017"/>
    <text x="{20 + $i * 75}" y="{155 - $h}"><xsl:value-of select="$v"/></text>
    <text x="{20 + $i * 75}" y="178"><xsl:value-of select="$label"/></text>
  </xsl:template>

  <xsl:template name="ranking">
    <h2 id="ranking">Documents by template ratio 按套话比例排序</h2>
    <table>
      <tr><th>#</th><th>document</th><th>title</th><th>template</th><th>shares most with</th></tr>
      <xsl:for-each select="$docs">
        <xsl:sort select="@template-ratio" data-type="number" order="descending"/>
        <tr>
          <td class="num"><xsl:value-of select="position()"/></td>
          <td><a href="#{@id}"><xsl:value-of select="@name"/></a></td>
          <td><xsl:value-of select="@title"/></td>
          <td class="num">
            <span class="bar" style="width:{format-number(@template-ratio * 80, '0')}px"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="format-number(@template-ratio * 100, '0')"/>%</td>
          <td>
            <xsl:for-each select="source">
              <a href="#{@doc}" title="{key('doc', @doc)/@title}">
                <xsl:apply-templates select="key('doc', @doc)" mode="short-name"/></a>
              <xsl:text> (</xsl:text><xsl:value-of select="format-number(@share * 100, '0')"/>%)
              <xsl:if test="position() != last()"><br/></xsl:if>
            </xsl:for-each>
          </td>
        </tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- A document's file name without its directories. -->
  <xsl:template match="document" mode="short-name">
    <xsl:value-of select="str:tokenize(@name, '/')[last()]"/>
  </xsl:template>

  <xsl:template name="clusters">
    <h2 id="clusters">Near-duplicates 近似重复文档</h2>
    <xsl:choose>
      <xsl:when test="/bagu/clusters/cluster">
        <ul>
          <xsl:for-each select="/bagu/clusters/cluster">
            <li>
              <xsl:for-each select="str:tokenize(@docs, ' ')">
                <xsl:variable name="id" select="string(.)"/>
                <!-- key() looks in the document of the context node: the
                     report's, not the tokens'. -->
                <xsl:for-each select="$root">
                <xsl:for-each select="key('doc', $id)">
                  <a href="#{@id}"><xsl:value-of select="@name"/></a>
                  (<xsl:value-of select="@title"/>)
                </xsl:for-each>
                </xsl:for-each>
                <xsl:if test="position() != last()"> · </xsl:if>
              </xsl:for-each>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p>None.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="document" mode="full">
    <article class="doc" id="{@id}">
      <h3><xsl:value-of select="@title"/></h3>
      <div class="meta">
        <xsl:value-of select="@name"/> ·
        <xsl:value-of select="format-number(@template-ratio * 100, '0')"/>% template ·
        <xsl:value-of select="@encoding"/>
        <xsl:if test="@cluster"> · near-duplicate group <xsl:value-of select="@cluster"/></xsl:if>
      </div>
      <xsl:apply-templates select="p"/>
    </article>
  </xsl:template>

  <xsl:template match="p">
    <p class="para {@label}" id="{@id}"
       style="background: rgba(192, 57, 43, {format-number(@score * 0.18, '0.000')})">
      <span class="score"><xsl:value-of select="@label"/>
        <xsl:text> </xsl:text><xsl:value-of select="format-number(@score * 100, '0')"/>%</span>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="reuse">
    <xsl:variable name="first" select="substring-before(@with, ':')"/>
    <a class="reuse" href="#{$first}">
      <xsl:attribute name="title">
        <xsl:text>shared with 与以下文档相同: </xsl:text>
        <xsl:for-each select="str:tokenize(@with, ' ')">
          <xsl:variable name="id" select="substring-before(., ':')"/>
          <!-- By key, in the report (see clusters): a scan of every
               document for each reuse made the report of 5,000 documents
               take longer than ten minutes. -->
          <xsl:for-each select="$root">
            <xsl:value-of select="key('doc', $id)/@name"/>
          </xsl:for-each>
          <xsl:text> [</xsl:text><xsl:value-of select="substring-after(., ':')"/><xsl:text>]</xsl:text>
          <xsl:if test="position() != last()">; </xsl:if>
        </xsl:for-each>
        <xsl:if test="@more">
          <xsl:text>; and </xsl:text><xsl:value-of select="@more"/>
          <xsl:text> more 等 </xsl:text><xsl:value-of select="@more"/><xsl:text> 处</xsl:text>
        </xsl:if>
      </xsl:attribute>
      <xsl:apply-templates/>
    </a>
  </xsl:template>

  <xsl:template match="stock">
    <span class="stock" title="stock phrase {@phrase}, in {@df} documents, weight {@weight}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="fill">
    <span class="fill"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="noise">
    <span class="noise" title="noise: {@rule}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template name="phrases">
    <h2 id="phrases">Stock phrases 套话短语</h2>
    <table>
      <tr><th>id</th><th>phrase</th><th>documents</th><th>occurrences</th><th>length</th></tr>
      <xsl:for-each select="/bagu/phrases/phrase[position() &lt;= $table-phrases]">
        <tr id="{@id}">
          <td><xsl:value-of select="@id"/></td>
          <td><xsl:value-of select="text"/></td>
          <td class="num"><xsl:value-of select="@df"/></td>
          <td class="num"><xsl:value-of select="@count"/></td>
          <td class="num"><xsl:value-of select="@length"/></td>
        </tr>
      </xsl:for-each>
    </table>
    <xsl:if test="count(/bagu/phrases/phrase) &gt; $table-phrases">
      <p>The first <xsl:value-of select="$table-phrases"/> of
        <xsl:value-of select="count(/bagu/phrases/phrase)"/> phrases cited, by rank.</p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
