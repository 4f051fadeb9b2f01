package org.doorway.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /}: where signing in lands. The dashboard shows each role what its work needs. */
@Controller
class Home {

    @GetMapping("/")
    String home() {
        return "redirect:/dashboard";
    }
}
