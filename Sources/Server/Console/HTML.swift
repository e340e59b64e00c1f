import Foundation

/// Server-rendered HTML for the console: escaped text, one layout, no script.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole page in the request's language: skip link, navigation by role, main content; optional refresh for
    /// live views.
    static func page(title: String, client: Client?, body: String, refreshSeconds: Int? = nil) -> String {
        let text = ConsoleText.current
        var navigation = ""
        if let client {
            var links: [(String, String)] = []
            if client.role == .ops {
                links += [("/console", text("nav.overview")), ("/console/dead-letters", text("nav.deadLetters"))]
            }
            if client.role == .ops || client.role == .officer {
                links.append(("/console/appointments", text("nav.appointments")))
            }
            if client.role == .auditor { links.append(("/console/audit", text("nav.audit"))) }
            navigation = """
                <nav aria-label="Console"><ul>\(links.map { "<li><a href=\"\($0.0)\">\(escape($0.1))</a></li>" }.joined())</ul>
                <form method="post" action="/console/logout"><button type="submit">\(escape(text("layout.signOut", ["name": client.name])))</button></form></nav>
                """
        }
        let refresh = refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? ""
        return """
            <!doctype html>
            <html lang="\(text("html.lang"))"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh)<title>\(escape(title)) · Passerelle</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;color:#161616;background:#fff}
            header,main,nav{padding:0 1.5rem}header{background:#000091;color:#fff;padding:.75rem 1.5rem}
            nav ul{display:flex;gap:1.5rem;list-style:none;padding:0}nav form{margin:.5rem 0}
            table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
            th{background:#f0f0f7}.enabled{color:#18753c;font-weight:bold}.disabled{color:#ce0500;font-weight:bold}.paused{color:#b34000;font-weight:bold}
            a:focus,button:focus,input:focus,select:focus{outline:3px solid #0a76f6;outline-offset:2px}
            .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000091;padding:.5rem}
            form.inline{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}td ul{margin:0;padding-left:1.2rem}.nowrap{white-space:nowrap}
            .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
            .done,.refused{padding:.6rem .8rem;border-left:4px solid #18753c;background:#e6feda}.refused{border-color:#ce0500;background:#fee9e9}
            </style></head>
            <body><a class="skip" href="#main">\(escape(text("layout.skip")))</a>
            <header><strong>Passerelle</strong> — \(escape(title))</header>
            \(navigation)
            <main id="main">\(body)</main></body></html>
            """
    }
}
