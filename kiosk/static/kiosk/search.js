// Search results: the page scripts every page has; the results are server-rendered.
import "./page.js";
