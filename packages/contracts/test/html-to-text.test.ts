import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/html-to-text.js';
import { status } from './support/mastodon-status.js';

describe('htmlToText', () => {
  it('keeps full URLs, mentions and hashtags as text, decodes entities, breaks paragraphs', () => {
    expect(htmlToText(status().content as string)).toBe('Reading about https://kafka.apache.org/documentation with @bob & friends\n\n#Kafka');
  });
  it('turns <br> into a line break', () => {
    expect(htmlToText('<p>one<br>two</p>')).toBe('one\ntwo');
  });
  it('reads the text of a code block, not its markup (a <pre> was kept as raw HTML)', () => {
    const html = '<pre><code class="language-js">fetch(<a href="https://docs.example/x">docs</a>) &amp;&amp; go</code></pre>';
    expect(htmlToText(html)).toBe('fetch(docs) && go');
  });
});
