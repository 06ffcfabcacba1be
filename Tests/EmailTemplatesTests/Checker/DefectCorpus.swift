import EmailTemplates
import PipelineBasics

/// A small valid template with its manifest, and one-defect variants of it. Each defect says
/// which rule must fire, in which file, and where (found by searching the mutated text, so no
/// position is hard-coded).
struct DefectCorpus {
    static let templatePath = "notifications/order.html"
    static let manifestPath = "templates/manifest.json"

    static let template = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>Order {{order_number}}</title>
    <style>
      @media only screen and (max-width: 620px) { .container { width: 100% !important; } }
      .hero { background-image: url('https://assets.bbws.example/hero.png'); }
    </style>
    </head>
    <body>
    <table role="presentation" class="container" width="600">
      <tr>
        <td>
          <img src="https://assets.bbws.example/logo.png" alt="BBWS Customer Portal">
          <p id="greeting">Hello {{customer_name}}, café &amp; more &#8212; thanks.</p>
          <table role="presentation">
            {{#items}}
            <tr><td>{{name}}</td><td align="right">{{quantity}}</td></tr>
            {{/items}}
          </table>
          <a href="{{order_url}}">View order</a>
        </td>
      </tr>
    </table>
    </body>
    </html>

    """

    static let entryJSON = """
        {
          "path": "notifications/order.html",
          "purpose": "Confirms an order.",
          "trigger": "order.created",
          "sender": {"name": "BBWS Customer Portal", "email": "noreply@bbws.example"},
          "subject": "Order {{order_number}} for {{customer_name}}",
          "variables": [
            {"name": "customer_name", "type": "string", "description": "First name.", "required": true},
            {"name": "order_number", "type": "string", "description": "Order number.", "required": true},
            {"name": "order_url", "type": "url", "description": "Order link.", "required": true},
            {"name": "items", "type": "array", "description": "Lines.", "required": true, "fields": [
              {"name": "name", "type": "string", "description": "Product.", "required": true},
              {"name": "quantity", "type": "integer", "description": "Quantity.", "required": true}
            ]}
          ],
          "sample": {
            "customer_name": "Thandi",
            "order_number": "KSO-104882",
            "order_url": "https://portal.bbws.example/orders/KSO-104882",
            "items": [{"name": "Trail socks", "quantity": 2}, {"name": "Merino jersey", "quantity": 1}]
          }
        }
    """

    static var manifest: String {
        "{\n  \"version\": 1,\n  \"brand\": \"BBWS Customer Portal\",\n  \"templates\": [\n" + entryJSON + "\n  ]\n}\n"
    }

    /// Where the expected problem is.
    enum Anchor {
        /// At the `occurrence`-th `needle` in the mutated template, `plus` columns further.
        case template(String, occurrence: Int = 1, plus: Int = 0)
        /// At `needle` in the mutated manifest.
        case manifest(String, plus: Int = 0)
        /// At the first line and column of the template.
        case templateStart
        /// At a byte offset of the (ASCII up to there) template.
        case templateByte(Int)
        /// In the output rendered with the sample data, at `needle`.
        case rendered(String)
        /// At the start of an extra file.
        case fileStart(String)
    }

    struct Defect: Sendable, CustomStringConvertible {
        let name: String
        let rule: Diagnostic.Rule
        let anchor: Anchor
        var template: @Sendable (String) -> String = { $0 }
        var manifest: @Sendable (String) -> String = { $0 }
        /// Turns the mutated template text into bytes (to inject invalid UTF-8).
        var bytes: @Sendable (String) -> [UInt8] = { Array($0.utf8) }
        var extraFiles: [String] = []
        /// Rules that may follow from the defect (e.g. a misspelt name leaves the real one unused).
        var alsoAllowed: Set<Diagnostic.Rule> = []

        var description: String { name }
    }
}

extension DefectCorpus.Anchor: Sendable {}
