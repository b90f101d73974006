import { readFileSync } from 'node:fs';
import { readAllFeedbackWords } from './src/lib/server/content/referral-words';
import { reviewReferral } from './src/lib/referral-feedback';
const src = (l: string) => readFileSync(`courses/referral-feedback/${l}.yaml`, 'utf8');
const { words } = readAllFeedbackWords({ en: src('en'), nb: src('nb'), da: src('da') }) as any;
const obs: Record<string,string> = {
 en: `On 3 March and 7 March, Ali arrived at 8:00 in the same wet nappy he wore when he went home the day before. On both days he ate three portions of lunch and asked for more.
On 12 March at 16:10, his mother smelled of alcohol. Her speech was slurred and she held on to the door frame. She dropped her car keys twice.
On 14, 18 and 20 March, when her father came to collect her, Sara ran to the reading corner and hid under the cushions. On 18 March she said: 'Not Daddy today.' When her mother collects her, she runs to the door.
On 9 April at 9:15, while changing his nappy, I saw four blue-red marks in a row on the back of his left thigh. I asked him 'What happened here?' He said: 'Daddy angry.'
Since 2 October, Selma has been away on eleven days without a message from home (dates listed). On the days she is here, she drinks her bottle fast and cries when it is empty. Her clothes are too small: her tights stop above the ankle, and her sleeves at mid-arm. On Friday 14 November at 15:30, her mother swayed, spoke unclearly and smelled of alcohol. She said she would drive home.
When an adult raises an arm near him, Aron (11 months) goes still and shuts his eyes. He does not cry when he falls and does not reach out to be picked up.
Right away, Noah's mother said at drop-off that he fell off the sofa.`,
 nb: `3. mars og 7. mars kom Ali kl. 8.00 med den samme våte bleien som han hadde på da han dro hjem dagen før. Begge dagene spiste han tre porsjoner lunsj og ba om mer.
12. mars kl. 16.10 luktet moren alkohol. Hun snakket utydelig og holdt seg i dørkarmen. Hun mistet bilnøklene to ganger.
14., 18. og 20. mars, da faren kom for å hente henne, løp Sara til lesekroken og gjemte seg under putene. 18. mars sa hun: 'Ikke pappa i dag.' Når moren henter henne, løper hun til døra.
9. april kl. 9.15, mens jeg skiftet bleie på ham, så jeg fire blårøde merker på rad bak på venstre lår. Jeg spurte ham: 'Hva har skjedd her?' Han sa: 'Pappa sint.'
Siden 2. oktober har Selma vært borte elleve dager uten beskjed hjemmefra (datoene er listet opp). De dagene hun er her, drikker hun flasken fort og gråter når den er tom. Klærne er for små: strømpebuksa slutter over ankelen, og ermene midt på armen. Fredag 14. november kl. 15.30 sjanglet moren, snakket utydelig og luktet alkohol. Hun sa at hun skulle kjøre hjem.
Når en voksen løfter armen nær ham, blir Aron (11 måneder) helt stille og lukker øynene. Han gråter ikke når han faller, og strekker seg ikke ut for å bli løftet opp.`,
 da: `Den 3. marts og den 7. marts kom Ali kl. 8.00 i den samme våde ble, som han havde på, da han gik hjem dagen før. Begge dage spiste han tre portioner frokost og bad om mere.
Den 12. marts kl. 16.10 lugtede hans mor af alkohol. Hun talte utydeligt og holdt fast i dørkarmen. Hun tabte sine bilnøgler to gange.
Den 14., 18. og 20. marts, da hendes far kom for at hente hende, løb Sara hen i læsehjørnet og gemte sig under puderne. Den 18. marts sagde hun: 'Ikke far i dag.' Når hendes mor henter hende, løber hun hen til døren.
Den 9. april kl. 9.15, da jeg skiftede hans ble, så jeg fire blårøde mærker på række bag på hans venstre lår. Jeg spurgte ham: 'Hvad er der sket her?' Han sagde: 'Far vred.'
Når en voksen løfter en arm tæt ved ham, stivner Aron (11 måneder) og lukker øjnene. Han græder ikke, når han falder, og rækker ikke ud for at blive løftet op.`
};
for (const l of ['en','nb','da']) {
  const text: any = { reporter:'x', child:'x', observations: obs[l], childsWords:'x "y"', actionsTaken:'x', strengths:'x', assessment:'x', parentsInformed: l==='en'?'No.':l==='nb'?'Nei.':'Nej.' };
  for (const f of reviewReferral(text, words[l], { parentsToldFirst: 'must-not' })) console.log(l, f.section, f.rule, JSON.stringify(text[f.section].slice(f.start, f.end)), f.match ?? '');
}
